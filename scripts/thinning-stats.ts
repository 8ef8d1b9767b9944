/**
 * Observables of a scenario over seeds, from a given lidep tree, and a two-sample comparison of two
 * such sets: the statistical check of a change that alters the random stream but not the process
 * (issue 18: thinning of the pressure-dependent slot weights).
 *
 *   node --import tsx scripts/thinning-stats.ts run --root DIR --scenario NAME --seeds 1-8 [--set k=v …] --out FILE
 *   node --import tsx scripts/thinning-stats.ts compare A.json B.json
 *
 * `run` steps the simulation of scenarios/NAME.json from DIR (a checkout of any version: its own
 * src/ is imported) one event at a time and records per seed: the summary's observables, the
 * crack's time and pressure, the short circuit's time, and the time average of the largest body
 * pressure (to the crack, and over the whole run). `compare` prints, per observable, the means and
 * standard deviations of both sets and Welch's t = Δmean / √(s_A²/n_A + s_B²/n_B); a difference is
 * flagged when |t| > 3 (for 8 + 8 seeds, ≈ 14 degrees of freedom: two-sided p ≈ 0.01 per
 * observable, so about one false flag in ten tables of ten observables).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

const args = process.argv.slice(2);
const mode = args.shift();

function opt(name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
}

type Row = Record<string, number | null>;

async function run(): Promise<void> {
  const root = resolve(opt("--root") ?? ".");
  const name = opt("--scenario")!;
  const [s0, s1] = (opt("--seeds") ?? "1-8").split("-").map(Number);
  const out = opt("--out")!;
  const sets: string[] = [];
  for (let v = opt("--set"); v !== undefined; v = opt("--set")) sets.push(v);
  const { loadScenario } = await import(`${root}/src/scenario/load.ts`);
  const { Simulation } = await import(`${root}/src/run/simulate.ts`);
  const rows: Row[] = [];
  for (let seed = s0; seed <= (s1 ?? s0); seed++) {
    const sim = new Simulation(loadScenario(`${root}/scenarios/${name}.json`, sets), seed);
    const m = sim.built.model;
    const B = m.st.bodies;
    const c0 = process.cpuUsage();
    let t = sim.solver.time;
    let pInt = 0, pIntCrack = 0, tCrack: number | null = null;
    let pmax = 0;
    for (;;) {
      const done = sim.step(1);
      const t1 = sim.solver.time;
      // the pressure held over [t, t1) is the one before this event: pmax from the last step
      pInt += pmax * (t1 - t);
      if (tCrack === null) pIntCrack += pmax * (t1 - t);
      if (tCrack === null && m.crack) tCrack = m.crack.time;
      t = t1;
      pmax = 0;
      for (let b = 0; b < B.used; b++) if (B.isLive(b) && B.pressure[b] > pmax) pmax = B.pressure[b];
      if (done) break;
    }
    const cpu = process.cpuUsage(c0);
    const r = sim.result().summary;
    const row: Row = {
      seed,
      events: r.events,
      nullEvents: sim.solver.nullEvents ?? 0,
      time_s: r.simulatedTime_s,
      crackTime_s: r.crack.time_s,
      crackPressure_Pa: r.crack.pressure_Pa,
      shortCircuit_s: r.shortCircuit_s,
      maxPressure_Pa: r.maxPressure_Pa,
      meanPressure_Pa: t > 0 ? pInt / t : 0,
      meanPressureToCrack_Pa: tCrack !== null && tCrack > 0 ? pIntCrack / tCrack : null,
      depositedAtoms: r.depositedAtoms,
      storedAtoms: r.storedAtoms,
      meanCurrentDensity_A_per_cm2: r.meanCurrentDensity_A_per_cm2,
      finalHeight_nm: r.finalHeight_nm,
      finalLateralExtent_nm: r.finalLateralExtent_nm,
      contactArea_nm2: r.contactArea_nm2,
      creepAtoms: r.relief.creep,
      creepEmerged: r.relief.creepEmerged,
      reduced: m.counters.filled,
      oxidised: m.counters.oxidised,
      inserted: m.counters.inserted,
      cpu_s: (cpu.user + cpu.system) / 1e6,
    };
    rows.push(row);
    console.log(JSON.stringify(row));
  }
  writeFileSync(out, JSON.stringify({ root, scenario: name, sets, rows }, null, 1));
}

function compare(): void {
  const [fa, fb] = args;
  const A = JSON.parse(readFileSync(fa, "utf8")) as { rows: Row[]; scenario: string };
  const Bs = JSON.parse(readFileSync(fb, "utf8")) as { rows: Row[] };
  const keys = Object.keys(A.rows[0]).filter((k) => k !== "seed" && k !== "cpu_s" && k !== "nullEvents");
  console.log(`${A.scenario}: A ${fa} (${A.rows.length} seeds), B ${fb} (${Bs.rows.length} seeds)`);
  console.log("| observable | A mean ± sd | B mean ± sd | Welch t | |t| ≤ 3 |");
  console.log("|---|---|---|---|---|");
  for (const k of keys) {
    const a = A.rows.map((r) => r[k]).filter((x): x is number => typeof x === "number");
    const b = Bs.rows.map((r) => r[k]).filter((x): x is number => typeof x === "number");
    if (a.length < 2 || b.length < 2) {
      console.log(`| ${k} | ${a.length} values | ${b.length} values | — | — |`);
      continue;
    }
    const [ma, sa] = meanSd(a), [mb, sb] = meanSd(b);
    const se = Math.sqrt((sa * sa) / a.length + (sb * sb) / b.length);
    const tv = se > 0 ? (mb - ma) / se : ma === mb ? 0 : Infinity;
    console.log(`| ${k} | ${fmt(ma)} ± ${fmt(sa)} | ${fmt(mb)} ± ${fmt(sb)} | ${tv.toFixed(2)} | ${Math.abs(tv) <= 3 ? "yes" : "**no**"} |`);
  }
  const cpu = (rs: Row[]) => rs.reduce((x, r) => x + (r.cpu_s as number), 0);
  const ev = (rs: Row[]) => rs.reduce((x, r) => x + (r.events as number), 0);
  console.log(`events per CPU-second (stepped one event at a time, not a speed measurement): A ${fmt(ev(A.rows) / cpu(A.rows))}, B ${fmt(ev(Bs.rows) / cpu(Bs.rows))}; null events in B: ${Bs.rows.reduce((x, r) => x + ((r.nullEvents as number) ?? 0), 0)}`);
}

function meanSd(x: number[]): [number, number] {
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  const v = x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1);
  return [m, Math.sqrt(v)];
}

function fmt(x: number): string {
  return Math.abs(x) >= 1e5 || (Math.abs(x) < 1e-2 && x !== 0) ? x.toExponential(3) : x.toFixed(3);
}

if (mode === "run") await run();
else if (mode === "compare") compare();
else {
  console.error("usage: thinning-stats.ts run --root DIR --scenario NAME --seeds 1-8 [--set k=v] --out FILE | compare A.json B.json");
  process.exit(2);
}
