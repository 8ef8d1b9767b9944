/**
 * A LidepModel's state as plain data and typed arrays, for checkpoints. Rates are saved as they
 * are (some lag their exact values by the refresh tolerance of the relief and edge rates), so a
 * restored model continues the very same trajectory; scratch marks and epochs are reset.
 */
import type { CrackKind } from "../mechanics/fracture.ts";
import type { LidepModel } from "./lidep.ts";

export interface ModelState {
  scalars: Record<string, unknown>;
  arrays: Record<string, ArrayBufferView>;
}

const BODY_ARRAYS = ["size", "root", "cc", "excess", "pressure", "seed", "nextAttempt", "moves", "confined", "ring", "refreshedExcess", "refreshedPi"] as const;

export function saveModelState(m: LidepModel): ModelState {
  const B = m.bodies;
  const arrays: Record<string, ArrayBufferView> = {
    spec: m.spec,
    cnt: m.cnt,
    bq: m.bq,
    body: m.body,
    born: m.born,
    islot: m.islot,
    isite: m.isite.subarray(0, m.nslots),
    ccSites: m.ccSites,
    ccTemplate: m.ccTemplate,
    hops: m.counters.hops,
  };
  for (const k of BODY_ARRAYS) arrays[`bodies.${k}`] = B[k].subarray(0, B.used);
  m.trees.forEach((t, g) => (arrays[`tree${g}`] = t.leaves));
  const c = m.counters;
  return {
    arrays,
    scalars: {
      nslots: m.nslots,
      treeN: m.trees.map((t) => t.n),
      bodiesUsed: B.used,
      bodiesCapacity: B.capacity,
      bodiesFree: B.freeList(),
      ccShift: m.ccShift,
      counters: { filled: c.filled, oxidised: c.oxidised, inserted: c.inserted, extracted: c.extracted, rootMoves: c.rootMoves, rootPlaced: c.rootPlaced, rootBlocked: c.rootBlocked, topBlocked: c.topBlocked, charge: c.charge, creep: c.creep, dislocation: c.dislocation, powerLaw: c.powerLaw, crackSites: c.crackSites },
      y: m.y,
      current: m.current,
      currentDensity: m.currentDensity,
      contactSites: m.contactSites,
      openSites: m.openSites,
      time: m.time,
      lastTime: m.lastTime,
      stopCode: m.stopCode,
      lastSums: m.lastSums,
      multipliers: Array.from(m.multipliers),
      defects: m.defects.map((d) => ({ fired: d.fired, time: d.time, pressure: d.pressure, kind: d.kind, path: d.path, opened: d.opened, length: d.length, done: d.done })),
      crack: m.crack,
      shortCircuitTime: m.shortCircuitTime,
    },
  };
}

export function loadModelState(m: LidepModel, st: ModelState): void {
  const a = st.arrays as Record<string, never>;
  const sc = st.scalars as Record<string, never>;
  m.spec.set(a.spec);
  m.cnt.set(a.cnt);
  m.bq.set(a.bq);
  m.body.set(a.body);
  m.born.set(a.born);
  m.islot.set(a.islot);
  const isite = a.isite as Int32Array;
  m.isite = new Int32Array(Math.max(1024, isite.length * 2));
  m.isite.set(isite);
  m.nslots = sc.nslots;
  if (m.ringMark.length < m.isite.length) m.ringMark = new Uint32Array(m.isite.length);
  m.ccSites = Int32Array.from(a.ccSites as Int32Array);
  m.ccTemplate = Int32Array.from(a.ccTemplate as Int32Array);
  m.counters.hops.set(a.hops as Float64Array);
  const B = m.bodies;
  while (B.capacity < sc.bodiesCapacity) B.allocate(-1); // grows the arrays (and the trees) alike
  for (const k of BODY_ARRAYS) {
    (B[k] as { fill(v: number): void }).fill(0);
    (B[k] as { set(x: ArrayLike<number>): void }).set(a[`bodies.${k}`]);
  }
  B.restoreFreeList(sc.bodiesFree, sc.bodiesUsed);
  const treeN = sc.treeN as number[];
  m.trees.forEach((t, g) => t.load(a[`tree${g}`] as Float64Array, treeN[g]));
  m.ccShift = sc.ccShift;
  Object.assign(m.counters, sc.counters);
  m.y = sc.y;
  m.current = sc.current;
  m.currentDensity = sc.currentDensity;
  m.contactSites = sc.contactSites;
  m.openSites = sc.openSites;
  m.time = sc.time;
  m.lastTime = sc.lastTime;
  m.stopCode = sc.stopCode;
  m.lastSums = { ...(sc.lastSums as { red: number; ox: number; J: number }) };
  m.multipliers.set(sc.multipliers as number[]);
  const ds = sc.defects as { fired: boolean; time: number; pressure: number; kind: CrackKind | null; path: number[]; opened: number; length: number; done: boolean }[];
  ds.forEach((d, i) => Object.assign(m.defects[i], d));
  m.crack = sc.crack;
  m.shortCircuitTime = sc.shortCircuitTime;
  m.stamp.fill(0);
  m.bodyStamp.fill(0);
  m.conn.seen.fill(0);
  m.ringMark.fill(0);
  m.epoch = 1;
  m.clearTransients();
}
