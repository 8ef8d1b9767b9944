/**
 * The full-state recheck of a LidepModel: everything the catalogue maintains incrementally,
 * recomputed from scratch and compared — neighbour counts, bond sums and packed words, slots, body labels and
 * every body quantity, the contact, the collector's sites, every rate leaf of every group, every
 * node of every rate tree, the open-site count, η and the multipliers, and (given the initial
 * Li) the conservation of atoms. Returns one line per discrepancy (empty when all is well).
 *
 * Everything here is exact, but for η (an iterative solve, compared to 1e-9), the electrode's
 * per-owner sums of the redox weights (sums updated in the order of events, compared to 1e-9) and
 * the relief bounds of the slots: the slot trees hold bounds of the weights over each body's
 * pressure window (pressure.ts, thinning). A slot is recomputed when its neighbourhood changes or
 * its body is walked (a body whose p·Ω/kT or creep midpoints left their window, or a relief factor
 * moved past WALK_RELIEF; a split walks the part, a merge refreshes the slots around the smaller
 * body). Checked (`slotRateLags`): every redox leaf is its bound recomputed now, exactly; every
 * relief leaf is its bound within the relief factors' lag (twice WALK_RELIEF); no exact weight
 * exceeds its leaf (beyond that lag); every body is inside its window.
 */
import type { LidepModel } from "../../src/model/lidep/catalogue.ts";
import { SumTree } from "../../src/kmc/sumtree.ts";
import { pressureKT, stressKT, WALK_RELIEF } from "../../src/model/lidep/pressure.ts";
import { CC, CC_MASK, CNT_DELTA, EMPTY, LI, LI1_SHIFT, packWord, SUB1_MASK, WALL } from "../../src/model/species.ts";

/** Largest lag (log) of a relief bound behind its relief factors (contact, ring: twice the walk threshold of each). */
const RELIEF_LAG = 4 * WALK_RELIEF + 1e-9;

/**
 * Every maintained quantity of `m` recomputed and compared; `initialLiSites` (the Li sites at the
 * start) adds the conservation of atoms. One line per discrepancy, the slots' lagging weights
 * included.
 */
export function checkInvariants(m: LidepModel, initialLiSites?: number): string[] {
  const errors: string[] = [];
  const add = (e: string) => {
    if (errors.length < 40) errors.push(e);
  };
  const st = m.st;
  const lat = st.lat;
  const N = st.N;
  const nb = new Int32Array(14);
  const q = st.bonds.q;
  const B = st.bodies;

  // sites: counts, bond sums, labels, hop rates, slots
  let slotCount = 0;
  for (let s = 0; s < N; s++) {
    lat.neighbours(s, nb);
    let c = 0, b = 0;
    for (let k = 0; k < 14; k++) {
      const sp = st.spec[nb[k]];
      if (sp !== EMPTY && sp !== WALL) {
        c += CNT_DELTA[sp * 2 + (k >= 8 ? 1 : 0)];
        b += q[sp * 2 + (k >= 8 ? 1 : 0)];
      }
    }
    if (c !== st.cnt[s]) add(`cnt[${s}] = ${st.cnt[s]}, expected ${c}`);
    if (b !== st.bq[s]) add(`bq[${s}] = ${st.bq[s]}, expected ${b}`);
    const w = packWord(st.spec[s], c, b, st.bulkCoordination);
    if (w !== st.word[s]) add(`word[${s}] = ${st.word[s]}, expected ${w} (species, categories and bond sum of the site)`);
    if ((st.spec[s] === LI) !== (st.body[s] >= 0)) add(`body label of ${s} inconsistent with species`);
    const r = st.spec[s] === LI ? m.hops.rate(s) : 0;
    if (m.hops.tree.leaves[s] !== r) add(`hop rate of ${s}: leaf ${m.hops.tree.leaves[s]}, recomputed ${r}`);
    const i = st.islot[s];
    if (i >= 0) {
      slotCount++;
      if (st.isite[i] !== s) add(`slot ${i} of site ${s} names site ${st.isite[i]}`);
    } else if (st.isSlotSite(s)) add(`site ${s} touches LLZO or the collector but has no slot`);
  }
  if (slotCount !== st.nslots) add(`${st.nslots} slots, ${slotCount} sites with one`);

  // bodies: labels are connected components with consistent statistics
  const size = new Map<number, number>(), root = new Map<number, number>(), cc = new Map<number, number>();
  for (let s = 0; s < N; s++) {
    const b = st.body[s];
    if (b < 0) continue;
    size.set(b, (size.get(b) ?? 0) + 1);
    if (st.cnt[s] & SUB1_MASK) root.set(b, (root.get(b) ?? 0) + 1);
    if (st.cnt[s] & CC_MASK) cc.set(b, (cc.get(b) ?? 0) + 1);
    lat.neighbours(s, nb);
    for (let k = 0; k < 14; k++) if (st.spec[nb[k]] === LI && st.body[nb[k]] !== b) add(`sites ${s} and ${nb[k]} touch but are in bodies ${b} and ${st.body[nb[k]]}`);
  }
  const free = new Set(B.freeList());
  let contact = 0;
  for (let b = 0; b < B.used; b++) {
    if (!B.isLive(b)) {
      if (size.has(b)) add(`released body ${b} still has sites`);
      if (!free.has(b)) add(`body ${b} is neither live nor free`);
      if (m.redox.insert.leaves[b] !== 0 || m.redox.extract.leaves[b] !== 0 || m.redox.insertWeight.leaves[b] !== 0 || m.redox.extractWeight.leaves[b] !== 0) add(`released body ${b} has insertion/extraction rates`);
      continue;
    }
    if (free.has(b)) add(`live body ${b} is on the free list`);
    if ((size.get(b) ?? 0) !== B.size[b]) add(`body ${b} size ${B.size[b]}, counted ${size.get(b) ?? 0}`);
    if ((root.get(b) ?? 0) !== B.root[b]) add(`body ${b} root ${B.root[b]}, counted ${root.get(b) ?? 0}`);
    if ((cc.get(b) ?? 0) !== B.cc[b]) add(`body ${b} cc ${B.cc[b]}, counted ${cc.get(b) ?? 0}`);
    if (st.spec[B.seed[b]] !== LI || st.body[B.seed[b]] !== b) add(`body ${b} seed ${B.seed[b]} is not a member`);
    if (!(B.excess[b] >= 0) || B.excess[b] !== Math.round(B.excess[b])) add(`body ${b} excess ${B.excess[b]} is not a whole number of atoms`);
    const p = m.pressure.compute(b);
    if (p !== B.pressure[b]) add(`body ${b} pressure ${B.pressure[b]}, recomputed ${p}`);
    // the walk thresholds: drivers never drift further from the last walk than pressure.ts allows
    if (m.pressure.drifted(b)) add(`body ${b} left its pressure window or drifted past the walk thresholds (p·Ω/kT ${pressureKT(st, b)}, window centre ${B.refreshedPi[b]})`);
    // insertion and extraction: the quantum, the rates of its events and the electrode's weights, exactly
    const q = Math.max(1, Math.min(st.m, Math.floor(1e-3 * st.m * B.size[b])));
    if (m.redox.quantum(b) !== q) add(`body ${b} quantum ${m.redox.quantum(b)}, expected ${q}`);
    const got = [m.redox.insert.leaves[b], m.redox.extract.leaves[b], m.redox.insertWeight.leaves[b], m.redox.extractWeight.leaves[b]];
    const sk = B.confined[b] ? pressureKT(st, b) : stressKT(st, m.growth.stress(b));
    const on = B.cc[b] > 0 && B.root[b] > 0;
    const wIns = on ? m.redox.k0 * B.root[b] * Math.exp(-st.p.alphaCathodic * sk) : 0;
    const wExt = on && B.excess[b] >= q ? m.redox.k0 * B.root[b] * Math.exp(st.p.alphaAnodic * sk) : 0;
    const want = [wIns * (st.m / q), wExt * (st.m / q), wIns, wExt];
    if (got.some((x, i) => x !== want[i])) add(`body ${b} insertion/extraction rates and weights ${got.join("/")}, recomputed ${want.join("/")}`);
    if (B.cc[b] > 0) contact += B.root[b];
  }
  for (let b = B.used; b < m.redox.insert.n; b++) if (m.redox.insert.leaves[b] !== 0 || m.redox.extract.leaves[b] !== 0 || m.redox.insertWeight.leaves[b] !== 0 || m.redox.extractWeight.leaves[b] !== 0) add(`unused body id ${b} has rates`);
  if (contact !== st.contactSites) add(`contact sites ${st.contactSites}, counted ${contact}`);
  // each body is one component
  const seen = new Int32Array(N).fill(-1);
  for (let b = 0; b < B.used; b++) {
    if (!B.isLive(b)) continue;
    const stack = [B.seed[b]];
    seen[B.seed[b]] = b;
    let n = 0;
    while (stack.length) {
      const s = stack.pop()!;
      n++;
      lat.neighbours(s, nb);
      for (let k = 0; k < 14; k++) {
        const t = nb[k];
        if (t < N && st.spec[t] === LI && seen[t] !== b) {
          seen[t] = b;
          stack.push(t);
        }
      }
    }
    if (n !== B.size[b]) add(`body ${b} has ${B.size[b]} sites but its component has ${n}`);
    // its member list (members.ts) is that component: as many sites, each in it once
    const M = st.members;
    const list = M.list(b);
    if (M.count(b) !== n) add(`body ${b}: ${M.count(b)} members listed, its component has ${n}`);
    for (let i = 0; i < M.count(b); i++) {
      const s = list[i];
      if (seen[s] !== b || st.body[s] !== b) add(`body ${b} lists site ${s} (body ${st.body[s]}), not of its component`);
      if (M.positions[s] !== i) add(`site ${s} is entry ${i} of body ${b}'s list, its position says ${M.positions[s]}`);
    }
  }
  for (let s = 0; s < N; s++) if ((st.body[s] >= 0) !== (st.members.positions[s] >= 0)) add(`site ${s} of body ${st.body[s]} has list position ${st.members.positions[s]}`);
  if (initialLiSites !== undefined) {
    const c = st.counters;
    const lhs = B.totalSize() * st.m + B.totalExcess() + m.cracks.heldAtoms();
    const rhs = (initialLiSites + c.filled - c.oxidised) * st.m + c.insertedAtoms - c.extractedAtoms;
    if (lhs !== rhs) add(`atoms: ${lhs} on the lattice, stored and in cracks, ${rhs} from the counters`);
  }

  // the collector: its sites are the CC on the lattice, the template raised by ccShift
  const ccOnLattice: number[] = [];
  for (let s = 0; s < N; s++) if (st.spec[s] === CC) ccOnLattice.push(s);
  const ccSites = Array.from(st.ccSites).sort((a, b) => a - b);
  if (ccSites.join() !== ccOnLattice.join()) add(`collector sites (${ccSites.length}) are not the CC on the lattice (${ccOnLattice.length})`);
  const raised = Array.from(st.ccTemplate, (c) => c + 2 * st.ccShift * lat.layerSize).filter((t) => t < N).sort((a, b) => a - b);
  if (raised.join() !== ccSites.join()) add(`collector sites are not its rest position raised ${st.ccShift} times`);
  if (!m.collector.movable && st.ccShift !== 0) add(`a rigid collector moved (${st.ccShift})`);

  // the exact parts of the slots' redox and relief weights
  let open = 0;
  for (let i = 0; i < st.nslots; i++) {
    const s = st.isite[i];
    const red = m.redox.red.leaves[i], ox = m.redox.ox.leaves[i], rl = m.relief.tree.leaves[i];
    if (red > 0) open++;
    const sp = st.spec[s];
    const interfaceSite = (st.cnt[s] & SUB1_MASK) !== 0;
    if (red !== 0 && (sp !== EMPTY || !interfaceSite)) add(`reduction weight ${red} at slot ${i} (site ${s}), which is not an empty interface site`);
    if (ox !== 0 && (sp !== LI || !interfaceSite)) add(`oxidation weight ${ox} at slot ${i} (site ${s}), which is not Li at the interface`);
    // relief: emergence into an empty slot, creep re-entry of a Li slot's atoms (relief.ts); nothing else
    if (rl !== 0 && sp !== EMPTY && sp !== LI) add(`relief weight ${rl} at the slot ${i} (site ${s}), which is neither empty nor Li`);
    if (rl !== 0 && sp === LI && !st.p.mechanics.creep) add(`re-entry weight ${rl} at the Li slot ${i} (site ${s}) with creep off`);
    for (const w of [red, ox, rl]) if (!(w >= 0 && Number.isFinite(w))) add(`weight ${w} at slot ${i}`);
  }
  if (open !== m.redox.openSites) add(`open sites ${m.redox.openSites}, counted ${open}`);
  for (const t of [m.redox.red, m.redox.ox, m.relief.tree]) if (t.n < Math.max(1, st.nslots)) add(`a slot tree has ${t.n} leaves for ${st.nslots} slots`);

  for (const e of slotRateLags(m)) add(e);

  // every node of every tree, bit for bit as a rebuild from the leaves gives it
  [...m.trees, m.redox.insertWeight, m.redox.extractWeight, m.redox.redWeight, m.redox.oxWeight].forEach((t, g) => {
    const fresh = new SumTree(t.n);
    fresh.load(t.leaves, t.n);
    if (fresh.nodes.length !== t.nodes.length) add(`tree ${g}: ${t.nodes.length} nodes, a rebuild has ${fresh.nodes.length}`);
    else for (let k = 0; k < t.nodes.length; k++) if (fresh.nodes[k] !== t.nodes[k]) {
      add(`tree ${g}: node ${k} is ${t.nodes[k]}, a rebuild gives ${fresh.nodes[k]}`);
      break;
    }
  });

  // η and the multipliers, solved again from the trees (on a copy of the electrode's inputs)
  const el = m.electrode;
  const y0 = el.y, cur = el.current, j0 = el.currentDensity, mult = Array.from(m.multipliers), last = { ...el.lastSums }, t0 = el.lastTime;
  el.update(true);
  const y1 = el.y, cur1 = el.current, mult1 = Array.from(m.multipliers);
  el.y = y0;
  el.current = cur;
  el.currentDensity = j0;
  el.lastSums = last;
  el.lastTime = t0;
  m.multipliers.set(mult);
  if (!near(y0, y1, 1e-9, 1e-9)) add(`η (y) ${y0}, solved again ${y1}`);
  if (!near(cur, cur1, 1e-9, 0)) add(`current ${cur}, solved again ${cur1}`);
  mult.forEach((x, g) => {
    if (!near(x, mult1[g], 1e-9, 0)) add(`multiplier of group ${g}: ${x}, solved again ${mult1[g]}`);
  });
  return errors;
}

/**
 * The slots whose leaves are not the bounds recomputed now (redox exactly, relief within the lag
 * of its relief factors) or lie below the exact weights now, and the electrode's per-owner sums
 * that differ from a fresh sum over the slots (see the header).
 */
export function slotRateLags(m: LidepModel): string[] {
  const st = m.st;
  const R = m.redox;
  const out: string[] = [];
  const nOwners = R.sumRed.length;
  const sumRed = new Float64Array(nOwners), sumOx = new Float64Array(nOwners);
  for (let i = 0; i < st.nslots; i++) {
    const s = st.isite[i];
    const red = R.red.leaves[i], ox = R.ox.leaves[i], rl = m.relief.tree.leaves[i];
    const [bRed, bOx] = R.boundsAt(s);
    // an empty slot between two connected bodies keeps the owner it was refreshed with (redox.ts):
    // its leaf is a bound for either (the higher pressure's weight is the smaller), not recomputed
    const contested = connectedNeighbourBodies(m, s) > 1;
    if (red !== bRed && !contested) out.push(`reduction leaf of slot ${i} (site ${s}): ${red}, its bound recomputed ${bRed}`);
    if (ox !== bOx) out.push(`oxidation leaf of slot ${i} (site ${s}): ${ox}, its bound recomputed ${bOx}`);
    const [expRed, expOx] = redoxWeights(m, s);
    if (!near(R.weightNow(s, true), expRed, 1e-12, 0) || !near(R.weightNow(s, false), expOx, 1e-12, 0)) out.push(`exact redox weights of slot ${i} (site ${s}) ${R.weightNow(s, true)}/${R.weightNow(s, false)}, the rule gives ${expRed}/${expOx}`);
    if (expRed > red * (1 + 1e-12)) out.push(`reduction weight of slot ${i} (site ${s}) ${expRed} above its leaf ${red}`);
    if (expOx > ox * (1 + 1e-12)) out.push(`oxidation weight of slot ${i} (site ${s}) ${expOx} above its leaf ${ox}`);
    // the owners' sums of the pressure-free parts, from the slots' recorded parts and from scratch
    const [pRed, oRed, pOx, oOx] = R.partsAt(s);
    if (R.redBase[i] !== pRed || R.oxBase[i] !== pOx || (pRed > 0 && R.redOwner[i] !== oRed && !contested) || (pOx > 0 && R.oxOwner[i] !== oOx)) out.push(`slot ${i} (site ${s}) records parts ${R.redBase[i]}/${R.oxBase[i]} of owners ${R.redOwner[i]}/${R.oxOwner[i]}, recomputed ${pRed}/${pOx} of ${oRed}/${oOx}`);
    if (pRed > 0) sumRed[(contested ? R.redOwner[i] : oRed) + 1] += pRed;
    if (pOx > 0) sumOx[oOx + 1] += pOx;
    if (st.spec[s] === EMPTY || st.spec[s] === LI) {
      const bRl = m.relief.boundAt(s);
      if (!close(rl, bRl, RELIEF_LAG)) out.push(`relief leaf of slot ${i} (site ${s}): ${rl}, its bound recomputed ${bRl}`);
      const expRl = m.relief.weightAt(s);
      if (expRl > rl * Math.exp(RELIEF_LAG)) out.push(`relief weight of slot ${i} (site ${s}) ${expRl} above its leaf ${rl}`);
    }
  }
  for (let j = 0; j < nOwners; j++) {
    if (!near(R.sumRed[j], sumRed[j], 1e-9, 0)) out.push(`owner ${j - 1}: Σ reduction parts ${R.sumRed[j]}, summed again ${sumRed[j]}`);
    if (!near(R.sumOx[j], sumOx[j], 1e-9, 0)) out.push(`owner ${j - 1}: Σ oxidation parts ${R.sumOx[j]}, summed again ${sumOx[j]}`);
    const b = j - 1;
    const wr = R.sumRed[j] === 0 ? 0 : R.sumRed[j] * Math.exp(-st.p.alphaCathodic * pressureKT(st, b));
    const wo = R.sumOx[j] === 0 ? 0 : R.sumOx[j] * Math.exp(st.p.alphaAnodic * pressureKT(st, b));
    if (j < R.redWeight.n && R.redWeight.leaves[j] !== wr) out.push(`electrode's reduction weight of owner ${b}: ${R.redWeight.leaves[j]}, from its sum now ${wr}`);
    if (j < R.oxWeight.n && R.oxWeight.leaves[j] !== wo) out.push(`electrode's oxidation weight of owner ${b}: ${R.oxWeight.leaves[j]}, from its sum now ${wo}`);
  }
  return out;
}

/** The number of distinct connected bodies among the Li neighbours of s. */
function connectedNeighbourBodies(m: LidepModel, s: number): number {
  const st = m.st;
  const nb = new Int32Array(14);
  st.lat.neighbours(s, nb);
  const seen = new Set<number>();
  for (let k = 0; k < 14; k++) if (nb[k] < st.N && st.spec[nb[k]] === LI && st.connected(st.body[nb[k]])) seen.add(st.body[nb[k]]);
  return seen.size;
}

/** Reduction and oxidation weights of slot site s from the current state (redox.ts's rule). */
function redoxWeights(m: LidepModel, s: number): [number, number] {
  const st = m.st;
  const c = st.cnt[s];
  if ((c & SUB1_MASK) === 0) return [0, 0];
  const k0 = m.redox.k0;
  if (st.spec[s] === LI) {
    const b = st.body[s];
    return [0, st.connected(b) ? k0 * Math.exp(st.p.alphaAnodic * (st.excessEnergyKT(s) + pressureKT(st, b))) : 0];
  }
  if (st.spec[s] !== EMPTY) return [0, 0];
  let ok = (c & CC_MASK) !== 0;
  let b = -1;
  if (c & ((15 << LI1_SHIFT) | (7 << 4))) {
    const nb = new Int32Array(14);
    st.lat.neighbours(s, nb);
    for (let k = 0; k < 14; k++) {
      const t = nb[k];
      if (st.spec[t] === LI && st.connected(st.body[t])) {
        ok = true;
        if (b < 0 || st.bodies.pressure[st.body[t]] > st.bodies.pressure[b]) b = st.body[t];
      }
    }
  }
  return [ok ? k0 * Math.exp(-st.p.alphaCathodic * (st.excessEnergyKT(s) + pressureKT(st, b))) : 0, 0];
}

/** Equal within tol·max(|a|, |b|) + abs (NaN equals NaN). */
function near(a: number, b: number, tol: number, abs: number): boolean {
  if (a === b || (Number.isNaN(a) && Number.isNaN(b))) return true;
  return Math.abs(a - b) <= tol * Math.max(Math.abs(a), Math.abs(b)) + abs;
}

/** Equal within a relative tolerance (both zero, or both positive with |ln(a/b)| ≤ tol). */
function close(a: number, b: number, tol: number): boolean {
  if (a === b) return true;
  if (a === 0 || b === 0) return false;
  return Math.abs(Math.log(a / b)) <= tol;
}
