/** Running totals of what happened in a run (part of the state, state.ts; each mechanism adds to its own). */
export class Counters {
  /** Hops by path: bulk, surface, interface, collector. */
  readonly hops = new Float64Array(4);
  /** Sites filled by reduction. */
  filled = 0;
  /** Sites emptied by oxidation. */
  oxidised = 0;
  /** Insertion and extraction events (each moves a quantum of atoms into or out of a body's excess: redox.ts). */
  inserted = 0;
  extracted = 0;
  /** Atoms inserted into / extracted from interfacial excess (an extraction also counts the excess of a body that vanished). */
  insertedAtoms = 0;
  extractedAtoms = 0;
  /** Rigid root-growth moves and atoms placed by them. */
  rootMoves = 0;
  rootPlaced = 0;
  /** Root-growth attempts blocked by the collector, LLZO or the box. */
  rootBlocked = 0;
  /** Root-growth attempts blocked by the top of the box. */
  topBlocked = 0;
  /** ∫ I dt (C) of the applied current in galvanostatic mode, or of the solved current. */
  charge = 0;
  /** Relief events (each places a site's worth of excess atoms on the lattice) by diffusional creep, dislocation outflow and power-law creep. */
  creep = 0;
  /** Creep re-entry events: the atoms of a Li edge slot back into its body's excess (the reverse of a creep emergence). */
  creepReentry = 0;
  dislocation = 0;
  powerLaw = 0;
  /** LLZO sites opened by cracks. */
  crackSites = 0;
}
