/**
 * What every column of a run's datasets means: unit and description, written into each Arrow
 * field's metadata (io/arrow.ts) and shown by `lidep inspect`. Units are SI or SI-prefixed, in
 * ASCII ("nm^3"); "1" marks a count or a pure number. A column is nullable only where a value may
 * not exist; every other column always has a value.
 *
 * Counts of atoms are atoms, not lattice sites: with coarse graining one site holds n³ atoms.
 * Redox counts come gross (reducedAtoms, oxidisedAtoms: cumulative, each direction on its own)
 * and net (depositedAtoms = reducedAtoms − oxidisedAtoms: net of stripping).
 */
import type { FieldInfos } from "../io/arrow.ts";
import { RARE_EVENTS } from "../model/lidep/records.ts";

/** The names of the snapshot species dictionary; a row's index is its model code − 1 (model/species.ts). */
export const SPECIES_DICTIONARY = ["Li", "LLZO", "CC", "Wall"] as const;

/** Dictionary index of a model species code (LI = 1 … WALL = 4). */
export function speciesIndex(code: number): number {
  return code - 1;
}

const hops = (path: string, what: string): { unit: string; description: string } => ({
  unit: "1",
  description: `Li hops along the ${path} path so far (cumulative count of events, ${what}; one hop moves a site, n^3 atoms when coarse-grained)`,
});

export const TIMESERIES_FIELDS: FieldInfos = {
  time_s: { unit: "s", description: "simulated time of the sample; the state is the one before the first event after this time" },
  events: { unit: "1", description: "KMC events performed so far (all kinds)" },
  reducedAtoms: { unit: "1", description: "gross Li atoms reduced so far (Li+ + e- -> Li: filled interface sites plus atoms inserted into the interfacial excess), cumulative, not net of oxidation" },
  oxidisedAtoms: { unit: "1", description: "gross Li atoms oxidised so far (stripping, Li -> Li+ + e-: emptied interface sites plus atoms extracted from the interfacial excess), cumulative" },
  depositedAtoms: { unit: "1", description: "net Li atoms deposited so far, net of stripping: reducedAtoms - oxidisedAtoms (on the lattice plus stored at the interface)" },
  storedAtoms: { unit: "1", description: "Li atoms held in the interfacial excess of bodies (inserted at the root, not yet placed on the lattice)" },
  crackAtoms: { unit: "1", description: "Li atoms held in the openings of cracks in the LLZO (a sub-grid volume, 8(1-nu^2)*p*a^3/(3E) of a crack of length a, taken from the excess of the body it touches)" },
  current_A: { unit: "A", description: "net electrode current now, cathodic (plating) positive: reduction minus oxidation" },
  currentDensity_A_per_cm2: { unit: "A/cm^2", description: "net current density now over the active area (Li|LLZO contact plus open interface sites, at least one site), cathodic positive" },
  bias_V: { unit: "V", description: "applied cell bias of a potentiostatic run; null in a galvanostatic run (no bias is applied)", nullable: true },
  overpotential_V: { unit: "V", description: "electrode overpotential eta in force now (Butler-Volmer), cathodic positive" },
  maxPressure_Pa: { unit: "Pa", description: "highest hydrostatic pressure of a Li body in contact with LLZO now: the load it bears (the equation of state of a confined body's excess, a spring-held collector's force over its root; none for a body free to rise)" },
  meanPressure_Pa: { unit: "Pa", description: "pressure of the Li bodies in contact with LLZO now, weighted by their contact sites (0 without contact)" },
  growthStress_Pa: {
    unit: "Pa",
    description:
      "growth stress at the root of the main Li body: the work its next root-growth step costs (new side surface and change of adhesion, measured on the lattice, plus the collector's load) per inserted volume, what an inserted atom works against (the paper's Eq. 3, gamma*s/A + F/A_root; 2*gamma/w for a slab of width w); null when the main body cannot rise (confined) or has no root",
    nullable: true,
  },
  ccPosition_nm: { unit: "nm", description: "upward displacement of the current collector from its initial position (0 for a rigid collector)" },
  ccForce_N: { unit: "N", description: "spring force on a spring-held collector (stiffness x displacement), 0 for a free one; null for a rigid collector, whose reaction force the model does not compute", nullable: true },
  liVolume_nm3: { unit: "nm^3", description: "volume of all Li (lattice sites, interfacial excess and Li in crack openings) at the b.c.c. atomic volume" },
  contactArea_nm2: { unit: "nm^2", description: "Li|LLZO contact area of the bodies connected to the collector" },
  height_nm: { unit: "nm", description: "height of the main Li body's top above the LLZO surface" },
  lateralExtent_nm: { unit: "nm", description: "lateral extent in x of the main Li body (periodic-aware)" },
  footprint_nm: { unit: "nm", description: "extent in x of the main Li body where it touches the LLZO" },
  hopsBulk: hops("bulk", "inside the Li"),
  hopsSurface: hops("surface", "on free Li surfaces"),
  hopsInterface: hops("interface", "along the Li|LLZO interface"),
  hopsCollector: hops("collector", "along the current collector"),
  crackState: { unit: "1", description: "0: LLZO intact, 1: a crack has initiated, 2: short circuit (Li reached the counter electrode)" },
  accelScaledPairs: { unit: "1", description: "acceleration: hop-class pairs (a class and its reverse, scaled by one factor so detailed balance holds) scaled now; 0 when acceleration is off" },
  accelMinFactor: { unit: "1", description: "acceleration: the smallest factor of any hop class at the end of the last window (1: nothing scaled)" },
  accelMaxImbalance: { unit: "1", description: "acceleration: the forward/backward balance that justified the scaling, the largest |n_f - n_b|/(n_f + n_b) over the pairs scaled in the last window; null when none was scaled", nullable: true },
  accelScaledHops: { unit: "1", description: "acceleration: hops executed in scaled classes so far (cumulative count of events)" },
};

/** events.arrow: the rare events, one row each, when they happened (model/lidep/records.ts). */
export const EVENT_FIELDS: FieldInfos = {
  time_s: { unit: "s", description: "simulated time of the event" },
  event: {
    unit: "1",
    description: "what happened: crackInitiation (a crack starts at a defect, or at the edge of a pressed defect-free surface), crackAdvance (its tip opens one more LLZO site), shortCircuit (Li reached the counter electrode), rootGrowth (a body rose by one lattice step), collectorMove (the collector moved up or settled down)",
    dictionary: RARE_EVENTS,
  },
  body: { unit: "1", description: "the Li body the event concerns; null for a short circuit or a collector move", nullable: true },
  pressure_Pa: { unit: "Pa", description: "that body's pressure when the event happened; null where no body is concerned", nullable: true },
  currentDensity_A_per_cm2: { unit: "A/cm^2", description: "the current density in force when the event happened (set by the event before it)" },
  length_m: {
    unit: "m",
    description: "crackInitiation: the defect's depth; crackAdvance: the crack's length, the defect included; collectorMove: the collector's displacement from its rest position; null for the other events",
    nullable: true,
  },
  rootArea_nm2: { unit: "nm^2", description: "rootGrowth: the rising body's Li|LLZO contact (root) area; null for the other events", nullable: true },
};

export const SNAPSHOT_FIELDS: FieldInfos = {
  snapshot: { unit: "1", description: "snapshot number, from 0 (the initial state) to the final state" },
  time_s: { unit: "s", description: "simulated time of the snapshot" },
  x_nm: { unit: "nm", description: "site position along x from the box's corner" },
  y_nm: { unit: "nm", description: "site position along y from the box's corner" },
  z_nm: { unit: "nm", description: "site height above the LLZO surface (negative inside the LLZO)" },
  species: {
    unit: "1",
    description: "what occupies the site: Li (lithium metal, every Li site), LLZO (the garnet electrolyte, surface sites only), CC (the current collector, surface sites only), Wall (an inert confining wall: in the dictionary, but snapshots leave walls out); one site holds n^3 atoms when coarse-grained",
    dictionary: SPECIES_DICTIONARY,
  },
  born_s: { unit: "s", description: "simulated time the Li on this site was deposited (0 for the initial Li); null for the other species", nullable: true },
};
