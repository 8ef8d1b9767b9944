/**
 * Where the hops go (issue 17, item 2 of the second pass): the share of hops that are immediate
 * A → B → A returns of one atom with nothing else changed around it, by class, and what an exact
 * two-site superbasin (Fichthorn & Lin, JCP 138, 164104 (2013)) could remove.
 *
 *   node --import tsx scripts/flicker.ts [--events N] [--seed S] <workload>…
 *
 * Workloads: default, fig1 (shipped files), fig4g-whisker (bench/scenarios.ts's pinned window and
 * overrides; `fig4g-whisker-free`: the same without the hand-set surface factor 0.01).
 *
 * A hop t → s of the atom at t is a *clean return* when the atom's previous hop was s → t and the
 * packed words (species, hop categories, bond sum: species.ts) of every site in N(s) ∪ N(t) are
 * the same now as just after that hop: the atom's rates at s and t, and the rates of every exit
 * from them, are the ones they were (a bond sum holds its site's neighbours, so the words see the
 * second shell). A change that is undone before the return passes unseen (rare). A *run* is an
 * atom's chain of consecutive clean returns between one pair A, B; it ends with the atom's next
 * hop elsewhere, or when its surroundings change.
 *
 * Class of a run: its first hop A → B as (path, b_A, b_B), b the Li first/second-neighbour counts
 * (hop-classes.ts): *self-reverse* (b_A = b_B, e.g. terrace hops) or *bound↔weak* (b_A ≠ b_B).
 *
 * Removal, for a run of k returns (k + 1 hops between A and B counting the one that entered B):
 *  - on detection (a two-site basin formed after the first return A → B → A is seen, as on-the-fly
 *    superbasin methods do): k − 1 hops removed;
 *  - ideal (the basin formed as the atom enters it): k + 1 hops removed.
 * Gain = events / (events − removed), the factor in events per simulated second (the simulated
 * time is the same).
 */
import { join, resolve } from "node:path";
import { loadScenario } from "../src/scenario/load.ts";
import { Simulation } from "../src/run/simulate.ts";
import { SCENARIO_WORKLOADS } from "../src/bench/scenarios.ts";
import { bondBin } from "../src/model/lidep/hop-classes.ts";
import { LI1_ONE, LI2_ONE } from "../src/model/species.ts";
import { PATH_NAMES } from "../src/model/params.ts";

const ROOT = resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const opt = (name: string, d: string) => {
  const i = args.indexOf(name);
  if (i < 0) return d;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const maxEvents = Number(opt("--events", "2000000"));
const seed = Number(opt("--seed", "1"));

const W = SCENARIO_WORKLOADS;
const WORKLOADS: Record<string, [string, string[]]> = {
  default: [W.default.file, W.default.overrides],
  fig1: ["scenarios/fig1-cu-rigid-0.2V.json", []],
  "fig4g-whisker": [W["fig4g-whisker"].file, W["fig4g-whisker"].overrides],
  "fig4g-whisker-free": [W["fig4g-whisker"].file, [...W["fig4g-whisker"].overrides, "hops.surface.rateFactor=1"]],
};

interface Tally {
  hops: number;
  returns: number;
  removedDetect: number;
  removedIdeal: number;
  runs: number;
  /** Returns to the previous site whatever changed around (the looser count). */
  anyReturns: number;
}
const tally = (): Tally => ({ hops: 0, returns: 0, removedDetect: 0, removedIdeal: 0, runs: 0, anyReturns: 0 });

function one(name: string) {
  const [file, overrides] = WORKLOADS[name];
  const s = loadScenario(join(ROOT, file), [...overrides, `run.maxEvents=${maxEvents}`]);
  const sim = new Simulation(s, seed);
  const m = sim.model;
  if ((sim.solver.catalogue as unknown) !== m) throw new Error("the solver's catalogue is not the model");
  const st = m.st;
  const N = st.N;
  const lat = st.lat;
  const prev = new Int32Array(N + 1).fill(-1); // the site the atom at s came from by its last hop
  const runK = new Int32Array(N + 1); // clean returns so far in the atom's current run
  const runCls = new Int32Array(N + 1); // the run's class key: path·2 + (self-reverse ? 0 : 1)
  const fp = new Int32Array((N + 1) * 28);
  const nbA = new Int32Array(14);
  const nbB = new Int32Array(14);
  const word = st.word;
  const byKey = [0, 1, 2, 3, 4, 5, 6, 7].map(tally);
  const hopsByPath = [0, 0, 0, 0];
  let events = 0;
  const write = (t: number, a: number, b: number) => {
    lat.neighbours(a, nbA);
    lat.neighbours(b, nbB);
    const o = t * 28;
    for (let k = 0; k < 14; k++) {
      fp[o + k] = word[nbA[k]];
      fp[o + 14 + k] = word[nbB[k]];
    }
  };
  const same = (t: number, a: number, b: number) => {
    lat.neighbours(a, nbA);
    lat.neighbours(b, nbB);
    const o = t * 28;
    for (let k = 0; k < 14; k++) if (fp[o + k] !== word[nbA[k]] || fp[o + 14 + k] !== word[nbB[k]]) return false;
    return true;
  };
  const closeRun = (t: number) => {
    const k = runK[t];
    if (k > 0) {
      const T = byKey[runCls[t]];
      T.runs++;
      T.removedDetect += k - 1;
      T.removedIdeal += k + 1;
    }
    runK[t] = 0;
  };
  const perform = m.perform.bind(m);
  m.perform = (g: number, leaf: number, u: number, time: number): number => {
    events++;
    if (g !== 0) {
      const c = perform(g, leaf, u, time);
      return c;
    }
    const sA = leaf;
    const t = m.hops.choose(sA, u);
    if (t < 0) return perform(g, leaf, u, time);
    // class of this hop, before it: b_s and b_t without the mover (t a first or a second neighbour)
    lat.neighbours(sA, nbA);
    let first = false;
    for (let k = 0; k < 8; k++) if (nbA[k] === t) first = true;
    const binS = bondBin(st.cnt[sA]);
    const binT = bondBin(st.cnt[t] - (first ? LI1_ONE : LI2_ONE));
    const before = m.counters.hops.slice();
    const back = prev[sA] === t;
    const isReturn = back && same(sA, t, sA);
    const c = perform(g, leaf, u, time);
    let path = 0;
    for (let p = 0; p < 4; p++) if (m.counters.hops[p] !== before[p]) path = p;
    hopsByPath[path]++;
    if (back) byKey[path * 2 + (binS === binT ? 0 : 1)].anyReturns++;
    if (isReturn) {
      const key = runK[sA] > 0 ? runCls[sA] : path * 2 + (binS === binT ? 0 : 1);
      // a return's class is its run's (the first hop's, as the reverse of this one)
      runCls[t] = runK[sA] > 0 ? runCls[sA] : path * 2 + (binS === binT ? 0 : 1);
      runK[t] = runK[sA] + 1;
      runK[sA] = 0;
      byKey[key].returns++;
    } else {
      closeRun(sA);
      runK[t] = 0;
      runCls[t] = path * 2 + (binS === binT ? 0 : 1);
    }
    prev[t] = sA;
    prev[sA] = -1;
    write(t, sA, t);
    return c;
  };
  const c0 = process.cpuUsage();
  while (!sim.step()) {
    /* run */
  }
  for (let s2 = 0; s2 <= N; s2++) closeRun(s2);
  const cpu = process.cpuUsage(c0);
  const hops = hopsByPath.reduce((a, b) => a + b, 0);
  for (let p = 0; p < 4; p++) {
    byKey[p * 2].hops = hopsByPath[p]; // hops by path on the first key of the path
  }
  return { name, seed, events, hops, hopsByPath, time: sim.solver.time, byKey, cpu: (cpu.user + cpu.system) / 1e6 };
}

const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)} %`;
for (const name of args) {
  const r = one(name);
  const sum = (f: (t: Tally) => number) => r.byKey.reduce((a, t) => a + f(t), 0);
  const ret = sum((t) => t.returns);
  const det = sum((t) => t.removedDetect);
  const ide = sum((t) => t.removedIdeal);
  process.stdout.write(`\n### ${name} (seed ${r.seed}): ${r.events.toLocaleString("en")} events to ${r.time.toExponential(3)} s, hops ${pct(r.hops, r.events)} of events (${r.hopsByPath.map((h, p) => `${PATH_NAMES[p]} ${h}`).join(", ")}), ${r.cpu.toFixed(1)} s CPU\n\n`);
  process.stdout.write("| path | class | any immediate returns | clean returns (share of all events) | runs | mean returns per run | removed on detection | removed ideal |\n|---|---|---|---|---|---|---|---|\n");
  for (let p = 0; p < 4; p++)
    for (const sr of [0, 1]) {
      const T = r.byKey[p * 2 + sr];
      if (T.anyReturns === 0) continue;
      process.stdout.write(`| ${PATH_NAMES[p]} | ${sr === 0 ? "self-reverse" : "bound↔weak"} | ${pct(T.anyReturns, r.events)} | ${pct(T.returns, r.events)} | ${T.runs} | ${(T.returns / Math.max(1, T.runs)).toFixed(2)} | ${pct(T.removedDetect, r.events)} | ${pct(T.removedIdeal, r.events)} |\n`);
    }
  process.stdout.write(`| all | | ${pct(sum((t) => t.anyReturns), r.events)} | ${pct(ret, r.events)} | | | ${pct(det, r.events)} → gain ${(r.events / (r.events - det)).toFixed(2)}× | ${pct(ide, r.events)} → gain ${(r.events / (r.events - ide)).toFixed(2)}× |\n`);
  process.stdout.write("JSON " + JSON.stringify(r) + "\n");
}
