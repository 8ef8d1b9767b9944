/**
 * The cost of one root-growth move (issue 18, item 3) on a square Li column of w × w sites per
 * (001) layer and h layers on the LLZO, free to rise (no collector): CPU time of the whole event
 * (the move and what follows it: walks, rates, trees) per move, and per boundary site — a site
 * whose occupancy the move changes (setSpecies calls, counted by the state's changed list).
 *
 *   node --import tsx scripts/root-growth-cost.ts [timed moves per size, default 40]
 *
 * Each size first makes 10 moves untimed (the compiler's warm-up: a move is rare in a run, so
 * the first ones run in V8's interpreter).
 */
import { BccLattice } from "../src/lattice/bcc.ts";
import { LidepModel } from "../src/model/lidep/catalogue.ts";
import { defaultParams } from "../src/model/params.ts";
import { LI, LLZO } from "../src/model/species.ts";

const timed = Number(process.argv[2] ?? 40);
const warm = 10;
const moves = warm + timed;
const cpu = () => {
  const c = process.cpuUsage();
  return c.user + c.system;
};
const rows: string[] = [];
for (const [w, h] of [[10, 10], [22, 20], [46, 48]] as const) {
  const n = w + 6;
  const layers = 2 + h + 2 * moves + 8;
  const lat = new BccLattice({ nx: n, ny: n, nz: Math.ceil(layers / 2), periodicX: true, periodicY: true });
  const species = new Uint8Array(lat.sites);
  for (let s = 0; s < lat.sites; s++) {
    const L = lat.layerOf(s);
    if (L <= 1) species[s] = LLZO;
    else if (L < 2 + h && lat.xOf(s) >= 3 && lat.xOf(s) < 3 + w && lat.yOf(s) >= 3 && lat.yOf(s) < 3 + w) species[s] = LI;
  }
  const model = new LidepModel({ lattice: lat, species, params: defaultParams(), collectorKind: "free", surfaceLayer: 1 });
  const st = model.st;
  const b = st.body[lat.index(3, 3, 2)];
  const size = st.bodies.size[b];
  const growth = model.growth as unknown as { tryGrow(b: number, probe: boolean): void };
  let us = 0;
  let changed = 0;
  for (let k = 0; k < moves; k++) {
    st.bodies.setExcess(b, 4 * st.bodies.root[b] * st.m);
    const c0 = cpu();
    st.beginEvent(k);
    growth.tryGrow(b, false);
    const nchanged = (st as unknown as { nchanged: number }).nchanged;
    for (const step of model.afterEvent) step.run();
    if (k < warm) continue;
    us += cpu() - c0;
    changed += nchanged;
  }
  if (st.counters.rootMoves !== moves) throw new Error(`only ${st.counters.rootMoves} of ${moves} moves`);
  rows.push(`| ${size} | ${st.bodies.root[b]} | ${(changed / timed).toFixed(0)} | ${(us / timed).toFixed(0)} | ${(us / changed).toFixed(2)} |`);
}
console.log(["| body sites | root | boundary sites per move | µs per move (CPU) | µs per boundary site |", "|---|---|---|---|---|", ...rows].join("\n"));
