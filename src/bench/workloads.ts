/**
 * The benchmark's workloads, each measured in a fresh process (`measure.ts`):
 *
 * 1. `lidep`: lidep's own physics — the same Li cap (radius 6 cells, atomistic) on LLZO under the
 *    same rigid arc-shaped collector touching it (so reduction, insertion and oxidation are live),
 *    with 5 % vacancies seeded in the cap so that bulk hops happen beside surface and interface
 *    hops, in cubic boxes of L³ cells from 1e4 to 1e7 sites: the physics is identical, only the
 *    lattice grows, which is what "per-event cost flat in the lattice size" asks.
 * 2. `spparks`: SPPARKS' `app_style diffusion linear hop` on a b.c.c. L³ box, run for a fixed
 *    KMC time (1.5e6, 2.7e5, 3.9e4 for L = 17, 37, 80), the reference measured against SPPARKS.
 * 3. the scenarios users run (`default`, `fig3`, a growing `fig4g` whisker): scenarios.ts.
 */
import { BccLattice } from "../lattice/bcc.ts";
import { buildGeometry } from "../model/geometry.ts";
import { LidepModel } from "../model/lidep/catalogue.ts";
import { defaultParams } from "../model/params.ts";
import { EMPTY, LI } from "../model/species.ts";
import { LI_LATTICE_CONSTANT_M } from "../constants/physical.ts";
import { SpparksDiffusion, referenceOccupancy } from "../model/reference/spparks-diffusion.ts";
import { Solver, STOP_EVENTS } from "../kmc/solver.ts";
import { Rng } from "../kmc/rng.ts";

export interface Measurement {
  workload: string;
  cells: number;
  sites: number;
  events: number;
  /** Wall seconds of the timed events, and their CPU seconds (process.cpuUsage, user + system). */
  seconds: number;
  cpuSeconds: number;
  /** Events per wall second, and per CPU second (the figure to compare on a loaded machine). */
  eventsPerSecond: number;
  eventsPerCpuSecond: number;
  /** Bytes per site held by the engine's arrays. */
  bytesPerSite: number;
  /** Resident memory growth per site while building the model (includes V8 overheads). */
  rssBytesPerSite: number;
  /** Hops by path for lidep (bulk, surface, interface, collector), or hops for spparks. */
  hops: number[];
  redoxEvents?: number;
}

/** Events per call of the solver (as lidep's runs, which stop for samples and progress). */
const CHUNK = 100_000;

export const SPPARKS_TIME: Record<number, number> = { 17: 1.5e6, 37: 2.7e5, 80: 3.9e4 };

/** CPU seconds of this process so far (user + system). */
export const cpuNow = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};

function arrayBytes(o: object): number {
  let b = 0;
  for (const v of Object.values(o)) if (ArrayBuffer.isView(v)) b += v.byteLength;
  return b;
}

export function measureLidep(L: number, events: number): Measurement {
  const rss0 = process.memoryUsage().rss;
  const n = 1;
  const a = n * LI_LATTICE_CONSTANT_M;
  const lat = new BccLattice({ nx: L, ny: L, nz: L, periodicX: true, periodicY: true });
  const capR = 6 * a;
  const g = buildGeometry(lat, a, {
    llzoThickness: 1.0 * a,
    collector: { shape: "arc", size: 2 * capR, x: (L / 2) * a, y: (L / 2) * a, gap: capR - a },
    defects: [],
    wallHalfWidth: null,
    initialLiRadius: capR,
  });
  // 5 % vacancies inside the cap: bulk hops
  const rng = new Rng(`bench-${L}`);
  const nb = new Int32Array(14);
  for (let s = 0; s < lat.sites; s++) {
    if (g.species[s] !== LI) continue;
    lat.neighbours(s, nb);
    let inner = true;
    for (let k = 0; k < 8; k++) if (g.species[nb[k]] !== LI) inner = false;
    if (inner && rng.next() < 0.05) g.species[s] = EMPTY;
  }
  const p = defaultParams();
  p.electrical.currentDensity = 1e4; // 1 A/cm²
  const model = new LidepModel({ lattice: lat, species: g.species, params: p, collectorKind: "rigid" });
  const rss1 = process.memoryUsage().rss;
  const solver = new Solver(model, new Rng(1));
  solver.run(Infinity, Math.min(20_000, events / 4)); // warm up the JIT and leave the initial transient
  const h0 = Array.from(model.counters.hops);
  const r0 = model.counters.filled + model.counters.inserted + model.counters.oxidised + model.counters.extracted;
  const e0 = solver.events;
  const c0 = cpuNow();
  const t0 = performance.now();
  for (let left = events; left > 0; left -= CHUNK) solver.run(Infinity, Math.min(CHUNK, left));
  const sec = (performance.now() - t0) / 1000;
  const cpu = cpuNow() - c0;
  const ev = solver.events - e0;
  const bytes = model.bytes + arrayBytes(lat) + lat.flags.byteLength;
  return {
    workload: "lidep",
    cells: L,
    sites: lat.sites,
    events: ev,
    seconds: sec,
    cpuSeconds: cpu,
    eventsPerSecond: ev / sec,
    eventsPerCpuSecond: ev / cpu,
    bytesPerSite: bytes / lat.sites,
    rssBytesPerSite: Math.max(0, rss1 - rss0) / lat.sites,
    hops: Array.from(model.counters.hops).map((h, i) => h - h0[i]),
    redoxEvents: model.counters.filled + model.counters.inserted + model.counters.oxidised + model.counters.extracted - r0,
  };
}

export function measureSpparks(L: number): Measurement {
  const rss0 = process.memoryUsage().rss;
  const rng = new Rng(`spparks-${L}`);
  const app = new SpparksDiffusion({ cells: L, temperature: 0.5 }, referenceOccupancy(L, () => rng.next()));
  const rss1 = process.memoryUsage().rss;
  const solver = new Solver(app, rng);
  const c0 = cpuNow();
  const t0 = performance.now();
  // in chunks, as lidep's runs call the solver (src/run/simulate.ts); chunking never changes the
  // trajectory (PERFORMANCE.md, item 7, measured +1–4 % for it)
  const until = SPPARKS_TIME[L] ?? 1e4;
  while (solver.run(until, CHUNK) === STOP_EVENTS);
  const sec = (performance.now() - t0) / 1000;
  const cpu = cpuNow() - c0;
  return {
    workload: "spparks",
    cells: L,
    sites: app.sites,
    events: solver.events,
    seconds: sec,
    cpuSeconds: cpu,
    eventsPerSecond: solver.events / sec,
    eventsPerCpuSecond: solver.events / cpu,
    bytesPerSite: app.bytesPerSite(),
    rssBytesPerSite: Math.max(0, rss1 - rss0) / app.sites,
    hops: [app.hops],
  };
}
