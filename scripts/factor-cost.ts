/**
 * What a scenario's hand-set surface `rateFactor` buys (issue 17, item 4): each scenario file is
 * run for seed 1 up to `--events N` events (or its own window, if shorter) in three variants —
 * `asis` (the file as shipped), `nofactor` (every hops.*.rateFactor removed, same n) and `n8`
 * (no factor, lattice.coarseGrain = 8, the calibrated n with the fewest events per simulated
 * second; the y side kept at ≥ 2 cells by cellsFor) — and one markdown row per (file, variant)
 * gives events per simulated second, CPU seconds per simulated millisecond and the hop mix by path.
 * The rates are those of the run's first N events (a growing body's surface grows, so later
 * windows cost more per simulated second; the ratio between variants is what matters).
 *
 *   node --import tsx scripts/factor-cost.ts scenarios/fig1-cu-rigid-0.2V.json … [--events N] [--seed S] [--variants asis,nofactor,n8]
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { resolveScenario } from "../src/scenario/load.ts";
import { Simulation } from "../src/run/simulate.ts";
import { takeOption } from "./args.ts";


const args = process.argv.slice(2);
const opt = (k: string) => takeOption(args, k);
const events = Number(opt("--events") ?? 200_000);
const seed = Number(opt("--seed") ?? 1);
const variants = (opt("--variants") ?? "asis,nofactor,n8").split(",");
const files = args.filter((a) => !a.startsWith("--"));
const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};
const e3 = (x: number) => (Number.isFinite(x) ? x.toExponential(2) : "—");
const pc = (x: number) => `${(100 * x).toFixed(0)}`;

/** The file's document for one variant. */
export function variantDoc(doc: Record<string, unknown>, variant: string): Record<string, unknown> {
  const d = structuredClone(doc) as Record<string, any>;
  if (variant !== "asis" && d.hops) for (const p of Object.keys(d.hops)) if (d.hops[p] && "rateFactor" in d.hops[p]) delete d.hops[p].rateFactor;
  if (variant === "n8") d.lattice = { ...d.lattice, coarseGrain: 8 };
  return d;
}

console.log("| scenario | variant | n | surface factor | cells | events | simulated (s) | stop | events / simulated s | CPU s / simulated ms | hops: surface / interface / collector / bulk (%) | non-hop events: redox, relief, root growth (%) |");
console.log("|---|---|---|---|---|---|---|---|---|---|---|---|");
for (const file of files) {
  const raw = JSON.parse(readFileSync(file, "utf8"));
  for (const v of variants) {
    const doc = variantDoc(raw, v);
    (doc as any).run = { ...((doc as any).run ?? {}), maxEvents: events, samples: 20, snapshots: 1 };
    let s;
    try {
      s = resolveScenario(doc, file);
    } catch (e) {
      console.log(`| ${basename(file, ".json")} | ${v} | | | | refused: ${(e as Error).message.replace(/\|/g, "/")} | | | | | | |`);
      continue;
    }
    const c0 = cpu();
    const sim = new Simulation(s, seed);
    const c1 = cpu();
    let last = Date.now();
    while (!sim.step(20_000)) {
      if (Date.now() - last > 30_000) {
        last = Date.now();
        process.stderr.write(`${basename(file)} ${v}: ${sim.solver.events} events, t = ${sim.solver.time.toExponential(3)} s\n`);
      }
    }
    const run = cpu() - c1;
    const r = sim.result().summary;
    const h = r.hops;
    const nh = h.surface + h.interface + h.collector + h.bulk;
    const ev = sim.solver.events;
    const lat = sim.model.lat;
    console.log(
      `| ${basename(file, ".json")} | ${v} | ${s.lattice.coarseGrain} | ${s.hops.surface.rateFactor} | ${lat.nx}×${lat.ny}×${lat.nz} | ${ev} | ${e3(r.simulatedTime_s)} | ${r.stopReason} | ${e3(ev / r.simulatedTime_s)} | ${e3(run / (r.simulatedTime_s * 1e3))} | ${pc(h.surface / nh)} / ${pc(h.interface / nh)} / ${pc(h.collector / nh)} / ${pc(h.bulk / nh)} | ${((100 * (ev - nh)) / ev).toFixed(1)} |`,
    );
    void c0;
  }
}
