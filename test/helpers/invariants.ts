/**
 * Brute-force checks of a LidepModel's maintained state: neighbour counts, bond sums, body labels
 * and statistics, and every rate in every tree, recomputed from scratch.
 */
import { LidepModel, G_HOP, G_RED, G_OX, G_INSERT, G_EXTRACT, G_RELIEF } from "../../src/model/lidep/catalogue.ts";
import { CNT_DELTA, EMPTY, LI, WALL, SUB1_MASK, CC_MASK } from "../../src/model/species.ts";

export function checkInvariants(m: LidepModel): string[] {
  const errors: string[] = [];
  const lat = m.lat;
  const nb = new Int32Array(14);
  const q = m.st.bonds.q;
  for (let s = 0; s < m.N; s++) {
    lat.neighbours(s, nb);
    let c = 0, b = 0;
    for (let k = 0; k < 14; k++) {
      const sp = m.spec[nb[k]];
      if (sp !== EMPTY && sp !== WALL) {
        c += CNT_DELTA[sp * 2 + (k >= 8 ? 1 : 0)];
        b += q[sp * 2 + (k >= 8 ? 1 : 0)];
      }
    }
    if (c !== m.cnt[s]) errors.push(`cnt[${s}] = ${m.cnt[s]}, expected ${c}`);
    if (b !== m.st.bq[s]) errors.push(`bq[${s}] = ${m.st.bq[s]}, expected ${b}`);
    if ((m.spec[s] === LI) !== (m.body[s] >= 0)) errors.push(`body label of ${s} inconsistent with species`);
    const r = m.spec[s] === LI ? m.hops.rate(s) : 0;
    const leaf = m.trees[G_HOP].leaves[s];
    if (Math.abs(r - leaf) > 1e-9 * Math.max(1, r)) errors.push(`hop rate of ${s}: leaf ${leaf}, recomputed ${r}`);
    if (errors.length > 20) return errors;
  }
  // bodies: labels are connected components with consistent statistics
  const B = m.bodies;
  const size = new Map<number, number>(), root = new Map<number, number>(), cc = new Map<number, number>();
  for (let s = 0; s < m.N; s++) {
    const b = m.body[s];
    if (b < 0) continue;
    size.set(b, (size.get(b) ?? 0) + 1);
    if (m.cnt[s] & SUB1_MASK) root.set(b, (root.get(b) ?? 0) + 1);
    if (m.cnt[s] & CC_MASK) cc.set(b, (cc.get(b) ?? 0) + 1);
    lat.neighbours(s, nb);
    for (let k = 0; k < 14; k++) if (m.spec[nb[k]] === LI && m.body[nb[k]] !== b) errors.push(`sites ${s} and ${nb[k]} touch but are in bodies ${b} and ${m.body[nb[k]]}`);
  }
  let contact = 0;
  for (let b = 0; b < B.used; b++) {
    if (!B.isLive(b)) {
      if (size.has(b)) errors.push(`released body ${b} still has sites`);
      continue;
    }
    if ((size.get(b) ?? 0) !== B.size[b]) errors.push(`body ${b} size ${B.size[b]}, counted ${size.get(b) ?? 0}`);
    if ((root.get(b) ?? 0) !== B.root[b]) errors.push(`body ${b} root ${B.root[b]}, counted ${root.get(b) ?? 0}`);
    if ((cc.get(b) ?? 0) !== B.cc[b]) errors.push(`body ${b} cc ${B.cc[b]}, counted ${cc.get(b) ?? 0}`);
    if (m.spec[B.seed[b]] !== LI || m.body[B.seed[b]] !== b) errors.push(`body ${b} seed ${B.seed[b]} is not a member`);
    if (B.cc[b] > 0) contact += B.root[b];
  }
  if (contact !== m.contactSites) errors.push(`contact sites ${m.contactSites}, counted ${contact}`);
  // connectivity: each body is one component
  const seen = new Int32Array(m.N).fill(-1);
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
        if (t < m.N && m.spec[t] === LI && seen[t] !== b) {
          seen[t] = b;
          stack.push(t);
        }
      }
    }
    if (n !== B.size[b]) errors.push(`body ${b} has ${B.size[b]} sites but its component has ${n}`);
  }
  // tree totals consistent with leaves
  for (const g of [G_HOP, G_RED, G_OX, G_INSERT, G_EXTRACT, G_RELIEF]) {
    const t = m.trees[g];
    let sum = 0;
    for (let i = 0; i < t.leaves.length; i++) sum += t.leaves[i];
    if (Math.abs(sum - t.total()) > 1e-9 * Math.max(1, sum)) errors.push(`tree ${g} total ${t.total()} vs leaves ${sum}`);
  }
  return errors;
}
