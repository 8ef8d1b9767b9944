/**
 * Extended XYZ trajectories (one frame per snapshot) for OVITO, ASE and other atomistic viewers.
 *
 * Each frame is the atom count, a comment line of key=value pairs, and one line per particle:
 *
 *   <N>
 *   Lattice="Lx 0.0 0.0 0.0 Ly 0.0 0.0 0.0 Lz" Origin="ox oy oz" Properties=species:S:1:pos:R:3:material:S:1:born:R:1 Time=<t_s> pbc="T T F" materials="Li=Li LLZO=La CC=Cu Wall=X"
 *   Li  x y z  Li  born
 *
 * following the extended XYZ convention (github.com/libAtoms/extxyz) and OVITO's XYZ reader
 * (ovito.org/manual/reference/file_formats/input/xyz.html): `Lattice` holds the three cell vectors,
 * `Origin` the cell corner (OVITO), `pbc` the periodic flags, `Properties` the columns as
 * name:type:count triplets, no spaces around `=`, quotes around values with spaces; further keys
 * (`Time`, `materials`) become per-frame attributes.
 *
 * `species` is a chemical element, as ASE requires: Li for lithium, and stand-ins for the other
 * materials (ELEMENT_STAND_INS): La for LLZO (Li7La3Zr2O12, by its heaviest cation), the
 * collector by its kind — Cu for a rigid one (the Cu probe), W for a spring-held one (the W tip), C
 * for a free one (a carbon nanotube) — and X (ASE's placeholder, atomic number 0) for the inert
 * Wall. The `material` column keeps lidep's own name (Li, LLZO, CC, Wall), and `materials` on the
 * comment line lists the mapping, so nothing rests on the stand-ins.
 *
 * Lengths are in Å. `born` is the time (s) a Li particle was deposited; the other materials have
 * none (null in snapshots.arrow) and get −1.0 here, since not every reader parses "nan". A particle
 * is a lattice site: with coarse graining one particle stands for several atoms.
 *
 * The file is streamed to a temporary name in the same directory and renamed into place, so it
 * appears whole or not at all (as io/atomic.ts does for in-memory data).
 */
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** Material names of the Int8 species codes in snapshots.arrow files of schema version 0. */
export const SPECIES_NAMES: Readonly<Record<number, string>> = { 1: "Li", 2: "LLZO", 3: "CC", 4: "Wall" };

/** The collector's kind (scenario `collector.kind`) → the element that stands in for it. */
export const COLLECTOR_ELEMENTS: Readonly<Record<string, string>> = { rigid: "Cu", spring: "W", free: "C" };

/** A material → the chemical element written as its `species` (CC: see COLLECTOR_ELEMENTS). */
export function elementStandIns(collectorKind: string): Record<string, string> {
  return { Li: "Li", LLZO: "La", CC: COLLECTOR_ELEMENTS[collectorKind] ?? "Cu", Wall: "X" };
}

/** One line for `lidep export --help`: the element each material is written as. */
export const XYZ_ELEMENTS_HELP =
  "species are elements (ASE, OVITO): Li = Li, LLZO = La, the collector = Cu (rigid), W (spring) or C (free, CNT), Wall = X; the material column keeps lidep's names";

/** Angstrom per nanometre. */
export const ANGSTROM_PER_NM = 10;

export interface XyzCell {
  /** Edge lengths of the orthogonal cell (Å). */
  lengths_A: [number, number, number];
  /** The cell's lower corner (Å). */
  origin_A: [number, number, number];
  pbc: [boolean, boolean, boolean];
}

/** Per-row particle data, rows grouped by snapshot (as in snapshots.arrow). */
export interface XyzParticles {
  snapshot: ArrayLike<number>;
  time_s: ArrayLike<number>;
  x_nm: ArrayLike<number>;
  y_nm: ArrayLike<number>;
  z_nm: ArrayLike<number>;
  /** lidep's material names: Li, LLZO, CC, Wall. */
  material: ArrayLike<string>;
  /** Deposition time (s); NaN (or absent) for particles without one. */
  born_s?: ArrayLike<number>;
}

export const XYZ_PROPERTIES = "species:S:1:pos:R:3:material:S:1:born:R:1";

/** A length for the comment line: rounded to 1e-6 Å, shortest form. */
function len(x: number): string {
  return real(Math.round(x * 1e6) / 1e6 + 0); // + 0: no "-0"
}

/** A real number that reads back exactly and never looks like an integer ("0.0", not "0"). */
export function real(x: number): string {
  const s = String(x);
  return /^-?\d+$/.test(s) ? `${s}.0` : s;
}

/** The comment (second) line of one frame; `elements` maps the materials to their elements. */
export function xyzCommentLine(cell: XyzCell, time_s: number, elements: Record<string, string>): string {
  const [lx, ly, lz] = cell.lengths_A.map(len);
  const origin = cell.origin_A.map(len).join(" ");
  const pbc = cell.pbc.map((p) => (p ? "T" : "F")).join(" ");
  const materials = Object.entries(elements)
    .map(([m, e]) => `${m}=${e}`)
    .join(" ");
  return `Lattice="${lx} 0.0 0.0 0.0 ${ly} 0.0 0.0 0.0 ${lz}" Origin="${origin}" Properties=${XYZ_PROPERTIES} Time=${real(time_s)} pbc="${pbc}" materials="${materials}"`;
}

/** [start, end) row ranges of the frames; throws when rows are not grouped by snapshot. */
export function frameRanges(snapshot: ArrayLike<number>): [number, number][] {
  const ranges: [number, number][] = [];
  let start = 0;
  for (let i = 1; i <= snapshot.length; i++) {
    if (i === snapshot.length || snapshot[i] !== snapshot[i - 1]) {
      if (i < snapshot.length && snapshot[i] < snapshot[i - 1]) throw new RangeError(`rows are not ordered by snapshot (row ${i}: ${snapshot[i]} after ${snapshot[i - 1]})`);
      if (i > start) ranges.push([start, i]);
      start = i;
    }
  }
  return ranges;
}

/**
 * Writes the particles as an extended XYZ trajectory, one frame per snapshot, each material as
 * the element `elements` gives it (elementStandIns); returns the number of frames and of
 * particle lines. A material without an element is an error.
 */
export function writeExtendedXyz(file: string, p: XyzParticles, cell: XyzCell, elements: Record<string, string>): { frames: number; particles: number } {
  for (let i = 0; i < p.material.length; i++) if (!(p.material[i] in elements)) throw new RangeError(`row ${i}: material "${p.material[i]}" has no element (${Object.keys(elements).join(", ")})`);
  const ranges = frameRanges(p.snapshot);
  mkdirSync(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.${basename(file)}.tmp-${process.pid}`);
  const fd = openSync(tmp, "w");
  const A = ANGSTROM_PER_NM;
  try {
    let buf: string[] = [];
    const flush = () => {
      if (buf.length) writeSync(fd, buf.join(""));
      buf = [];
    };
    for (const [s, e] of ranges) {
      buf.push(`${e - s}\n${xyzCommentLine(cell, p.time_s[s], elements)}\n`);
      for (let i = s; i < e; i++) {
        const b = p.born_s ? p.born_s[i] : Number.NaN;
        const born = Number.isFinite(b) ? b.toPrecision(7) : "-1.0";
        const m = p.material[i];
        buf.push(`${elements[m]} ${(p.x_nm[i] * A).toFixed(4)} ${(p.y_nm[i] * A).toFixed(4)} ${(p.z_nm[i] * A).toFixed(4)} ${m} ${born}\n`);
        if (buf.length >= 8192) flush();
      }
    }
    flush();
    closeSync(fd);
  } catch (e) {
    try {
      closeSync(fd);
    } catch {
      /* already closed */
    }
    rmSync(tmp, { force: true });
    throw e;
  }
  renameSync(tmp, file);
  return { frames: ranges.length, particles: p.snapshot.length };
}
