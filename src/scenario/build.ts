/**
 * From a resolved scenario to a ready model: lattice, geometry, SI parameters.
 */
import { BccLattice } from "../lattice/bcc.ts";
import { buildGeometry, type DefectGeometry, type GeometrySpec } from "../model/geometry.ts";
import { LidepModel } from "../model/lidep.ts";
import { defaultBonds, PATH_NAMES, type ModelParams } from "../model/params.ts";
import { EV_J, LI_LATTICE_CONSTANT_M } from "../model/constants.ts";
import { Rng } from "../kmc/rng.ts";
import type { Scenario } from "./schema.ts";
import { cellsFor, surfaceLayerFor } from "./feasible.ts";

export { cellsFor } from "./feasible.ts";

const NM = 1e-9;

export function modelParams(s: Scenario): ModelParams {
  const hops = {} as ModelParams["hops"];
  for (const path of PATH_NAMES) {
    const h = s.hops[path];
    hops[path] = { prefactor: h.prefactor_per_s * h.rateFactor, barrier: (h.barrier_eV ?? 0) * EV_J };
  }
  const f = s.llzo.fracture;
  const mech = s.mechanics;
  return {
    mechanics: {
      bulkModulus: mech.bulkModulus_GPa * 1e9,
      bulkModulusDerivative: mech.bulkModulusDerivative,
      creep: mech.creep,
      dislocation: mech.dislocation,
      yieldStrength: mech.yieldStrength_MPa * 1e6,
      dislocationRate: mech.dislocationRate_per_s,
      powerLaw: mech.powerLawCreep,
      powerLawA: mech.powerLawA_per_s,
      powerLawN: mech.powerLawN,
      powerLawQ: mech.powerLawQ_J_per_mol,
      springStiffness: s.collector.stiffness_N_per_m,
    },
    fracture: {
      enabled: f.enabled,
      toughness: f.toughness_MPa_sqrt_m * 1e6,
      griffithY: f.griffithY,
      theoreticalStrength: f.theoreticalStrength_GPa * 1e9,
      pitStressConcentration: f.pitStressConcentration,
      mode: f.mode,
      stopOnShortCircuit: s.run.stopOnShortCircuit,
      contactAngleDeg: f.contactAngle_deg,
      liSurfaceEnergy: s.li.gamma110_J_per_m2,
    },
    temperature: s.temperature_K,
    coarseGrain: s.lattice.coarseGrain,
    bonds: defaultBonds(s.li.gamma110_J_per_m2, s.li.gamma100_J_per_m2, s.llzo.workOfAdhesion_J_per_m2, s.collector.workOfAdhesion_J_per_m2),
    hops,
    secondNeighbourHops: s.hops.secondNeighbourHops,
    bulkCoordination: s.hops.bulkCoordination,
    schwoebelBarrier: s.hops.schwoebel_eV * EV_J,
    schwoebelMaxSaddle: s.hops.schwoebelMaxSaddle,
    exchangeCurrentDensity: s.electrochem.exchangeCurrentDensity_A_per_cm2 * 1e4,
    alphaCathodic: s.electrochem.alphaCathodic,
    alphaAnodic: s.electrochem.alphaAnodic,
    electrical: {
      mode: s.electrical.mode,
      currentDensity: s.electrical.currentDensity_A_per_cm2 * 1e4,
      bias: s.electrical.bias_V,
      seriesResistance: s.electrical.seriesResistance_Ohm,
      specificResistance: s.electrical.seriesResistance_Ohm_cm2 * 1e-4,
    },
    llzoConductivity: s.llzo.conductivity_S_per_cm * 100,
  };
}

export interface Built {
  lattice: BccLattice;
  model: LidepModel;
  /** Lattice constant of the (coarse) lattice, n·a0 (m). */
  a: number;
  surfaceLayer: number;
  defects: DefectGeometry[];
}

export function buildModel(s: Scenario, seed: string | number): Built {
  const n = s.lattice.coarseGrain;
  const a = n * LI_LATTICE_CONSTANT_M;
  const [sx, sy, sz] = s.lattice.size_nm;
  const lattice = new BccLattice({
    nx: cellsFor(sx, n),
    ny: cellsFor(sy, n),
    nz: cellsFor(sz, n),
    periodicX: s.lattice.periodicX,
    periodicY: s.lattice.periodicY,
  });
  const defects: DefectGeometry[] = s.llzo.defects.map((d) => ({ kind: d.kind, x: d.x_nm * NM, y: d.y_nm * NM, depth: d.depth_nm * NM, width: d.width_nm * NM, subgrid: d.subgrid }));
  if (s.llzo.randomDefects && s.llzo.randomDefects.count > 0) {
    const r = s.llzo.randomDefects;
    const rng = new Rng(`${seed}/defects`);
    // the log-normal's tail may reach below the slab's bottom layer: such a flaw is kept, with its
    // size, as a sub-grid flaw (as the scenarios do for flaws deeper than the box), rather than
    // carved through to the counter electrode
    const maxDepth = (surfaceLayerFor(s.llzo.thickness_nm * NM, a) / 2) * a;
    for (let i = 0; i < r.count; i++) {
      // Box–Muller normal for a log-normal depth
      const u1 = 1 - rng.double();
      const u2 = rng.double();
      const g = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
      const depth = r.medianDepth_nm * Math.exp(r.sigmaLog * g) * NM;
      defects.push({ kind: r.kind, x: rng.double() * sx * NM, y: rng.double() * sy * NM, depth, width: r.width_nm * NM, subgrid: depth > maxDepth });
    }
  }
  const c = s.collector;
  const geom: GeometrySpec = {
    llzoThickness: s.llzo.thickness_nm * NM,
    collector: { shape: c.shape, size: c.radius_nm * NM, x: (c.x_nm ?? sx / 2) * NM, y: (c.y_nm ?? sy / 2) * NM, gap: c.gap_nm * NM, wall: c.wall_nm * NM },
    defects,
    wallHalfWidth: c.sideWallHalfWidth_nm === null ? null : c.sideWallHalfWidth_nm * NM,
    initialLiRadius: s.li.initialRadius_nm * NM,
  };
  // checkFeasible (resolveScenario) has made sure the slab, the collector and the defects fit
  const built = buildGeometry(lattice, a, geom);
  const model = new LidepModel({ lattice, species: built.species, params: modelParams(s), collectorKind: c.kind, defects: built.defects, surfaceLayer: built.surfaceLayer });
  return { lattice, model, a, surfaceLayer: built.surfaceLayer, defects };
}
