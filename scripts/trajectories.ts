/**
 * Trajectory checksums of every shipped scenario, for refactors that must not change a single bit
 * (issue 13; the lead re-runs it on both sides of a merge).
 *
 *   node --import tsx scripts/trajectories.ts [--events 20000] [--out file.json] [--compare file.json] [names…]
 *
 * For each scenarios/*.json and a few variants of them (seed 1, `run.maxEvents` = --events; the
 * scenario's own end if it comes first), three independent fingerprints:
 *  - `events`: SHA-256 over every event the solver performed, as (group, leaf, time) doubles;
 *  - `state`: SHA-256 of the model's checkpoint state (arrays and scalars; `ccDirs`, dead state
 *    that issue 13 removed, is left out) every 5,000 events and at the end;
 *  - `outputs`: SHA-256 of timeseries.arrow, snapshots.arrow, scenario.json and summary.json as
 *    written to a run directory (summary without its wall-clock fields).
 * With --compare, prints which scenarios differ and exits 1 if any does.
 */
import { createHash, type Hash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { loadScenario } from "../src/scenario/load.ts";
import { Simulation } from "../src/run/simulate.ts";
import { writeRunDirectory } from "../src/run/outputs.ts";
import { hashEvents } from "./event-hash.ts";

const ROOT = resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const events = Number(opt("--events") ?? 20000);
const out = opt("--out");
const compare = opt("--compare");
/**
 * Variants that run the shipped scenarios further or down other branches (every one is cut by
 * --events): root growth under a free and a spring collector, relief at GPa, peel cracks.
 */
const VARIANTS: Record<string, [string, string[]]> = {
  "fig1-long": ["fig1-cu-rigid-0.2V", ["run.maxTime_s=100"]],
  "fig3-peel": ["fig3-cu-rigid-3V", ["llzo.fracture.mode=peel", "run.stopOnShortCircuit=false", "run.maxTime_s=1"]],
  "fig4g-long": ["fig4g-cnt-free-3V", ["run.maxTime_s=10"]],
  "fem-confined-2A-long": ["fem-confined-2A", ["run.maxTime_s=1"]],
  "fem-rigid-top-long": ["fem-rigid-top-4mA", ["run.maxTime_s=100"]],
  "hot-li-long": ["hot-li-rigid-3V", ["run.maxTime_s=1"]],
  "fig2-spring-n1": ["fig2-w-spring-0.2V", ["lattice.coarseGrain=1", "lattice.size_nm=[12,1.4,10]", "li.initialRadius_nm=2", "collector.radius_nm=2"]],
  "default-n1-first-hops-alpha": ["default", ["lattice.coarseGrain=1", "lattice.size_nm=[12,1.4,8]", "hops.secondNeighbourHops=false", "electrochem.alphaCathodic=0.4"]],
};
const shipped = readdirSync(join(ROOT, "scenarios")).filter((f) => f.endsWith(".json")).map((f) => f.replace(/\.json$/, "")).sort();
const names = args.length > 0 ? args : [...shipped, ...Object.keys(VARIANTS)];

function hashState(h: Hash, st: { scalars: Record<string, unknown>; arrays: Record<string, ArrayBufferView> }): void {
  for (const k of Object.keys(st.arrays).sort()) {
    const a = st.arrays[k];
    h.update(k);
    h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  }
  const sc = { ...st.scalars };
  delete sc.ccDirs;
  h.update(JSON.stringify(sc, Object.keys(sc).sort()));
  h.update(JSON.stringify(sc));
}

function one(name: string): Record<string, string | number> {
  const t0 = performance.now();
  const [file, overrides] = VARIANTS[name] ?? [name, []];
  const s = loadScenario(join(ROOT, "scenarios", `${file}.json`), [...overrides, `run.maxEvents=${events}`]);
  const sim = new Simulation(s, 1);
  const stHash = createHash("sha256");
  const eventsHash = hashEvents(sim.solver.catalogue, (n) => {
    if (n % 5000 === 0) hashState(stHash, sim.model.saveState());
  });
  while (!sim.step()) {
    /* run */
  }
  hashState(stHash, sim.model.saveState());
  const r = sim.result();
  const dir = mkdtempSync(join(tmpdir(), "lidep-traj-"));
  const run = join(dir, "run");
  try {
    writeRunDirectory(run, r);
    const outHash = createHash("sha256");
    for (const f of ["timeseries.arrow", "snapshots.arrow", "scenario.json"]) outHash.update(readFileSync(join(run, f)));
    const summary = JSON.parse(readFileSync(join(run, "summary.json"), "utf8")) as Record<string, unknown>;
    delete summary.wallTime_s;
    delete summary.eventsPerSecond;
    outHash.update(JSON.stringify(summary));
    return {
      events: r.summary.events,
      simulatedTime_s: r.summary.simulatedTime_s,
      stopReason: r.summary.stopReason,
      eventsHash: eventsHash(),
      stateHash: stHash.digest("hex").slice(0, 16),
      outputsHash: outHash.digest("hex").slice(0, 16),
      seconds: Math.round((performance.now() - t0) / 100) / 10,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const results: Record<string, Record<string, string | number>> = {};
for (const name of names) {
  results[name] = one(name);
  const r = results[name];
  process.stderr.write(`${name.padEnd(22)} ${String(r.events).padStart(8)} ev  ${r.eventsHash} ${r.stateHash} ${r.outputsHash}  ${r.seconds} s\n`);
}
const doc = { events, results };
if (out) writeFileSync(out, JSON.stringify(doc, null, 2) + "\n");
if (compare) {
  const ref = JSON.parse(readFileSync(compare, "utf8")) as typeof doc;
  let bad = 0;
  for (const name of names) {
    const a = ref.results[name];
    const b = results[name];
    if (!a) {
      process.stdout.write(`${name}: not in ${compare}\n`);
      bad++;
      continue;
    }
    const diff = ["events", "simulatedTime_s", "eventsHash", "stateHash", "outputsHash"].filter((k) => a[k] !== b[k]);
    process.stdout.write(`${name.padEnd(22)} ${diff.length === 0 ? "identical" : "DIFFERS: " + diff.join(", ")}\n`);
    if (diff.length) bad++;
  }
  process.exit(bad ? 1 : 0);
}
