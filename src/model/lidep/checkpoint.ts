/**
 * The Li catalogue's state as plain data and typed arrays, for checkpoints. Rates are saved as
 * they are (the slots' are bounds over the bodies' pressure windows, and the electrode's per-owner
 * sums carry the rounding of their past updates), so a restored model continues the very same
 * trajectory; scratch marks and epochs are reset.
 */
import { UserError } from "../../errors.ts";
import type { SumTree } from "../../kmc/sumtree.ts";
import type { CrackKind } from "../../mechanics/fracture.ts";
import { BODY_ARRAYS } from "./bodies.ts";
import type { Connectivity } from "./connectivity.ts";
import type { Crack, Cracks } from "./cracks.ts";
import type { Electrode } from "./electrode.ts";
import type { Redox } from "./redox.ts";
import type { LiState } from "./state.ts";
import type { BoxWalls, WallContact } from "./walls.ts";
import type { Hops } from "./hops.ts";
import type { Acceleration } from "./acceleration.ts";

/** The parts of the catalogue a checkpoint holds or resets. */
interface Parts {
  readonly st: LiState;
  readonly trees: readonly SumTree[];
  readonly multipliers: Float64Array;
  readonly electrode: Electrode;
  readonly redox: Redox;
  readonly cracks: Cracks;
  readonly conn: Connectivity;
  readonly walls: BoxWalls;
  readonly hops: Hops;
  readonly accel: Acceleration;
}

export interface ModelState {
  scalars: Record<string, unknown>;
  arrays: Record<string, ArrayBufferView>;
}

export function saveModelState(m: Parts): ModelState {
  const st = m.st;
  const B = st.bodies;
  const arrays: Record<string, ArrayBufferView> = {
    spec: st.spec,
    cnt: st.cnt,
    bq: st.bq,
    body: st.body,
    memberPos: st.members.positions,
    born: st.born,
    islot: st.islot,
    isite: st.isite.subarray(0, st.nslots),
    ccSites: st.ccSites,
    ccTemplate: st.ccTemplate,
    hops: st.counters.hops,
    "records.from": st.records.from,
    "records.netHops": st.records.netHops,
  };
  for (const k of BODY_ARRAYS) arrays[`bodies.${k}`] = B[k].subarray(0, B.used);
  m.trees.forEach((t, g) => (arrays[`tree${g}`] = t.leaves));
  arrays.insertWeight = m.redox.insertWeight.leaves;
  arrays.extractWeight = m.redox.extractWeight.leaves;
  // thinning (redox.ts): the slots' pressure-free parts and owners, the owners' sums (whose
  // rounding depends on the order of past updates) and the electrode's weights from them
  const R = m.redox;
  arrays.redBase = R.redBase;
  arrays.oxBase = R.oxBase;
  arrays.redOwner = R.redOwner;
  arrays.oxOwner = R.oxOwner;
  arrays.sumRed = R.sumRed;
  arrays.sumOx = R.sumOx;
  arrays.countRed = R.countRed;
  arrays.countOx = R.countOx;
  arrays.redWeight = R.redWeight.leaves;
  arrays.oxWeight = R.oxWeight.leaves;
  // acceleration's state only when it is on, so that the state of a run without it reads as before
  const acc = m.accel.enabled ? m.accel.save() : null;
  if (acc) {
    arrays.classHops = m.hops.classHops;
    arrays["accel.factor"] = acc.arrays.factor;
    arrays["accel.start"] = acc.arrays.start;
  }
  const c = st.counters;
  return {
    arrays,
    scalars: {
      nslots: st.nslots,
      treeN: m.trees.map((t) => t.n),
      redoxWeightN: [m.redox.redWeight.n, m.redox.oxWeight.n],
      bodiesUsed: B.used,
      bodiesCapacity: B.capacity,
      bodiesFree: B.freeList(),
      ccShift: st.ccShift,
      counters: { filled: c.filled, oxidised: c.oxidised, inserted: c.inserted, extracted: c.extracted, insertedAtoms: c.insertedAtoms, extractedAtoms: c.extractedAtoms, rootMoves: c.rootMoves, rootPlaced: c.rootPlaced, rootBlocked: c.rootBlocked, topBlocked: c.topBlocked, charge: c.charge, creep: c.creep, creepReentry: c.creepReentry, dislocation: c.dislocation, powerLaw: c.powerLaw, crackSites: c.crackSites },
      y: m.electrode.y,
      current: m.electrode.current,
      currentDensity: m.electrode.currentDensity,
      contactSites: st.contactSites,
      openSites: m.redox.openSites,
      time: st.time,
      lastTime: m.electrode.lastTime,
      stopCode: st.stopCode,
      lastSums: m.electrode.lastSums,
      multipliers: Array.from(m.multipliers),
      defects: m.cracks.defects.map((d) => ({ fired: d.fired, time: d.time, pressure: d.pressure, kind: d.kind, path: d.path, opened: d.opened, length: d.length, done: d.done, held: d.held, body: d.body })),
      crack: m.cracks.crack,
      shortCircuitTime: st.shortCircuitTime,
      wall: m.walls.reached,
      records: st.records.scalars(),
      ...(acc ? { accel: acc.scalars } : {}),
      // only once it exists, so that the state of a run without one reads as before
      ...(m.cracks.surface ? { surfaceCrack: m.cracks.surface } : {}),
    },
  };
}

export function loadModelState(m: Parts, state: ModelState): void {
  const st = m.st;
  const a = state.arrays as Record<string, never>;
  const sc = state.scalars as Record<string, never>;
  if (a.redBase === undefined || a["bodies.refreshedMidE"] === undefined) throw new UserError("checkpoint: written by a lidep without the thinned slot rates (issue 18); resume it with the lidep that started the run");
  st.restoreSites({ spec: a.spec, cnt: a.cnt, bq: a.bq, body: a.body, memberPos: a.memberPos, born: a.born, islot: a.islot, isite: a.isite, ccSites: a.ccSites, ccTemplate: a.ccTemplate }, sc.nslots);
  st.counters.hops.set(a.hops as Float64Array);
  st.records.from.set(a["records.from"] as Int32Array);
  st.records.netHops.set(a["records.netHops"] as Float64Array);
  st.records.restore(sc.records);
  if (m.accel.enabled) {
    m.hops.classHops.set(a.classHops as Float64Array);
    m.accel.load(sc.accel, { factor: a["accel.factor"], start: a["accel.start"] } as Record<string, never>);
  }
  const B = st.bodies;
  const bodyArrays = {} as Record<(typeof BODY_ARRAYS)[number], ArrayLike<number>>;
  for (const k of BODY_ARRAYS) bodyArrays[k] = a[`bodies.${k}`];
  B.restore(sc.bodiesCapacity, bodyArrays); // grows the arrays (and the trees) alike
  B.restoreFreeList(sc.bodiesFree, sc.bodiesUsed);
  const treeN = sc.treeN as number[];
  m.trees.forEach((t, g) => t.load(a[`tree${g}`] as Float64Array, treeN[g]));
  // the electrode's weights of insertion and extraction have a leaf per body id, like their trees
  m.redox.insertWeight.load(a.insertWeight as Float64Array, m.redox.insert.n);
  m.redox.extractWeight.load(a.extractWeight as Float64Array, m.redox.extract.n);
  const R = m.redox;
  R.redBase = Float64Array.from(a.redBase as Float64Array);
  R.oxBase = Float64Array.from(a.oxBase as Float64Array);
  R.redOwner = Int32Array.from(a.redOwner as Int32Array);
  R.oxOwner = Int32Array.from(a.oxOwner as Int32Array);
  R.sumRed = Float64Array.from(a.sumRed as Float64Array);
  R.sumOx = Float64Array.from(a.sumOx as Float64Array);
  R.countRed = Int32Array.from(a.countRed as Int32Array);
  R.countOx = Int32Array.from(a.countOx as Int32Array);
  const wn = sc.redoxWeightN as number[];
  R.redWeight.load(a.redWeight as Float64Array, wn[0]);
  R.oxWeight.load(a.oxWeight as Float64Array, wn[1]);
  st.ccShift = sc.ccShift;
  Object.assign(st.counters, sc.counters);
  const el = m.electrode;
  el.y = sc.y;
  el.current = sc.current;
  el.currentDensity = sc.currentDensity;
  st.contactSites = sc.contactSites;
  m.redox.openSites = sc.openSites;
  st.time = sc.time;
  el.lastTime = sc.lastTime;
  st.stopCode = sc.stopCode;
  el.lastSums = { ...(sc.lastSums as { red: number; ox: number; J: number }) };
  m.multipliers.set(sc.multipliers as number[]);
  const ds = sc.defects as { fired: boolean; time: number; pressure: number; kind: CrackKind | null; path: number[]; opened: number; length: number; done: boolean; held: number; body: number }[];
  ds.forEach((d, i) => Object.assign(m.cracks.defects[i], d));
  m.cracks.crack = sc.crack;
  m.cracks.surface = sc.surfaceCrack ? { ...(sc.surfaceCrack as Crack), path: (sc.surfaceCrack as Crack).path.slice() } : null;
  st.shortCircuitTime = sc.shortCircuitTime;
  m.walls.restore(sc.wall as WallContact | null | undefined);
  el.restored();
  m.conn.resetMarks();
  st.clearTransients();
}
