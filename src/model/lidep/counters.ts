/** Running totals of what happened in a run (part of the state, state.ts; each mechanism adds to its own). */
export class Counters {
  /** Hops by path: bulk, surface, interface, collector. */
  readonly hops = new Float64Array(4);
  /** Sites filled by reduction. */
  filled = 0;
  /** Sites emptied by oxidation. */
  oxidised = 0;
  /** Sites' worth of atoms inserted into / extracted from interfacial excess. */
  inserted = 0;
  extracted = 0;
  /** Rigid root-growth moves and atoms placed by them. */
  rootMoves = 0;
  rootPlaced = 0;
  /** Root-growth attempts blocked by the collector, LLZO or the box. */
  rootBlocked = 0;
  /** Root-growth attempts blocked by the top of the box. */
  topBlocked = 0;
  /** ∫ I dt (C) of the applied current in galvanostatic mode, or of the solved current. */
  charge = 0;
  /** Excess atoms relieved by diffusional creep, dislocation outflow and power-law creep. */
  creep = 0;
  dislocation = 0;
  powerLaw = 0;
  /** LLZO sites opened by cracks. */
  crackSites = 0;
}
