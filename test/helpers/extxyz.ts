/**
 * A strict extended-XYZ reader for the tests, written from the format's description
 * (github.com/libAtoms/extxyz, README "Extended XYZ specification") and independent of
 * src/io/xyz.ts. Per frame:
 *
 *   line 1   the number of atoms N, an integer alone on its line;
 *   line 2   key=value pairs separated by whitespace: keys are bare identifiers, values are bare
 *            tokens (no whitespace, quotes or '=') or double-quoted strings (\" and \\ escapes);
 *            a quoted value of whitespace-separated numbers is an array (the "old" style that
 *            ASE and OVITO write for Lattice and pbc); T/F/True/False are booleans;
 *            `Lattice` (9 reals), `Properties` (name:type:count triplets, types S R I L) and `pbc`
 *            (3 booleans) are required here, as they are for what lidep writes;
 *   N lines  one atom each: exactly Σ count whitespace-separated tokens, each of its column's
 *            type — R a real written as one (a decimal point or an exponent), I an integer, L a
 *            boolean, S any token.
 *
 * `species` must be a chemical element symbol (or X, ASE's placeholder), as ASE requires.
 * Anything else throws an Error naming the line.
 */

export type Value = string | number | boolean | number[] | boolean[];

export interface PropertyDef {
  name: string;
  type: "S" | "R" | "I" | "L";
  count: number;
}

export interface ExtXyzFrame {
  natoms: number;
  info: Record<string, Value>;
  lattice: number[];
  pbc: boolean[];
  properties: PropertyDef[];
  /** Per property, one entry per atom (an array of `count` values when count > 1). */
  arrays: Record<string, (string | number | boolean | (string | number | boolean)[])[]>;
}

// prettier-ignore
export const ELEMENTS = new Set(("X H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr " +
  "Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb Lu Hf Ta W Re Os Ir Pt Au Hg " +
  "Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U Np Pu Am Cm Bk Cf Es Fm Md No Lr Rf Db Sg Bh Hs Mt Ds Rg Cn Nh Fl Mc Lv Ts Og").split(" "));

const INT = /^[+-]?\d+$/;
const REAL = /^[+-]?(?:\d+\.\d*|\.\d+|\d+(?=[eEdD]))(?:[eEdD][+-]?\d+)?$/;
const BOOL: Record<string, boolean> = { T: true, F: false, True: true, False: false, true: true, false: false };
const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

function fail(line: number, msg: string): never {
  throw new Error(`extxyz line ${line}: ${msg}`);
}

/** A bare or quoted value as a number, boolean, array of them, or string. */
function parseValue(raw: string, quoted: boolean): Value {
  if (!quoted) {
    if (INT.test(raw)) return Number(raw);
    if (REAL.test(raw)) return Number(raw.replace(/[dD]/, "e"));
    if (raw in BOOL) return BOOL[raw];
    return raw;
  }
  const parts = raw.trim().split(/\s+/);
  if (parts.length > 1 && parts.every((p) => INT.test(p) || REAL.test(p))) return parts.map((p) => Number(p.replace(/[dD]/, "e")));
  if (parts.length > 1 && parts.every((p) => p in BOOL)) return parts.map((p) => BOOL[p]);
  return raw;
}

/** The comment line's key=value pairs, in order. */
export function parseCommentLine(text: string, line: number): Record<string, Value> {
  const out: Record<string, Value> = {};
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && /\s/.test(text[i])) i++;
    if (i >= n) break;
    let k = i;
    while (k < n && text[k] !== "=" && !/\s/.test(text[k])) k++;
    const key = text.slice(i, k);
    if (!KEY.test(key)) fail(line, `bad key "${key}"`);
    if (text[k] !== "=") fail(line, `key ${key} has no "=value"`);
    if (key in out) fail(line, `key ${key} twice`);
    i = k + 1;
    if (text[i] === '"') {
      let v = "";
      i++;
      for (;;) {
        if (i >= n) fail(line, `unterminated quote in ${key}`);
        const c = text[i++];
        if (c === '"') break;
        if (c === "\\") {
          if (i >= n) fail(line, `dangling escape in ${key}`);
          v += text[i++];
        } else v += c;
      }
      if (i < n && !/\s/.test(text[i])) fail(line, `no space after the quoted value of ${key}`);
      out[key] = parseValue(v, true);
    } else {
      let e = i;
      while (e < n && !/\s/.test(text[e])) e++;
      const v = text.slice(i, e);
      if (v === "" || /["=]/.test(v)) fail(line, `bad bare value for ${key}: "${v}"`);
      out[key] = parseValue(v, false);
      i = e;
    }
  }
  return out;
}

function parseProperties(v: Value, line: number): PropertyDef[] {
  if (typeof v !== "string") fail(line, "Properties is not a string");
  const f = v.split(":");
  if (f.length % 3 !== 0 || f.length === 0) fail(line, `Properties "${v}" is not name:type:count triplets`);
  const defs: PropertyDef[] = [];
  for (let j = 0; j < f.length; j += 3) {
    const [name, type, count] = [f[j], f[j + 1], f[j + 2]];
    if (!KEY.test(name)) fail(line, `bad property name "${name}"`);
    if (!["S", "R", "I", "L"].includes(type)) fail(line, `property ${name}: type "${type}" is not S, R, I or L`);
    if (!/^[1-9]\d*$/.test(count)) fail(line, `property ${name}: count "${count}"`);
    if (defs.some((d) => d.name === name)) fail(line, `property ${name} twice`);
    defs.push({ name, type: type as PropertyDef["type"], count: Number(count) });
  }
  return defs;
}

function token(tok: string, type: PropertyDef["type"], line: number, name: string): string | number | boolean {
  switch (type) {
    case "I":
      if (!INT.test(tok)) fail(line, `${name}: "${tok}" is not an integer`);
      return Number(tok);
    case "R":
      if (!REAL.test(tok)) fail(line, `${name}: "${tok}" is not a real`);
      return Number(tok.replace(/[dD]/, "e"));
    case "L":
      if (!(tok in BOOL)) fail(line, `${name}: "${tok}" is not a boolean`);
      return BOOL[tok];
    default:
      return tok;
  }
}

export function readExtXyz(text: string): ExtXyzFrame[] {
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const frames: ExtXyzFrame[] = [];
  let i = 0;
  while (i < lines.length) {
    const head = lines[i].trim();
    if (!/^\d+$/.test(head)) fail(i + 1, `expected the number of atoms, found "${lines[i]}"`);
    const natoms = Number(head);
    if (i + 1 >= lines.length) fail(i + 2, "missing comment line");
    const info = parseCommentLine(lines[i + 1], i + 2);
    const lattice = info.Lattice;
    if (!Array.isArray(lattice) || lattice.length !== 9 || !lattice.every((x) => typeof x === "number")) fail(i + 2, "Lattice is not 9 numbers");
    const pbc = info.pbc;
    if (!Array.isArray(pbc) || pbc.length !== 3 || !pbc.every((x) => typeof x === "boolean")) fail(i + 2, "pbc is not 3 booleans");
    if (info.Properties === undefined) fail(i + 2, "no Properties");
    const properties = parseProperties(info.Properties, i + 2);
    const sp = properties.find((p) => p.name === "species");
    const pos = properties.find((p) => p.name === "pos");
    if (!sp || sp.type !== "S" || sp.count !== 1) fail(i + 2, "no species:S:1 property");
    if (!pos || pos.type !== "R" || pos.count !== 3) fail(i + 2, "no pos:R:3 property");
    const width = properties.reduce((s, p) => s + p.count, 0);
    const arrays: ExtXyzFrame["arrays"] = Object.fromEntries(properties.map((p) => [p.name, []]));
    for (let a = 0; a < natoms; a++) {
      const ln = i + 3 + a;
      if (ln - 1 >= lines.length) fail(ln, `frame ends after ${a} of ${natoms} atoms`);
      const toks = lines[ln - 1].trim().split(/\s+/);
      if (toks.length !== width) fail(ln, `${toks.length} columns, Properties say ${width}`);
      let c = 0;
      for (const p of properties) {
        const vals = toks.slice(c, c + p.count).map((t) => token(t, p.type, ln, p.name));
        c += p.count;
        arrays[p.name].push(p.count === 1 ? vals[0] : vals);
      }
      const el = arrays.species[a] as string;
      if (!ELEMENTS.has(el)) fail(ln, `species "${el}" is not a chemical element`);
    }
    const { Lattice: _l, pbc: _p, Properties: _q, ...rest } = info;
    void _l, void _p, void _q;
    frames.push({ natoms, info: rest, lattice: lattice as number[], pbc: pbc as boolean[], properties, arrays });
    i += 2 + natoms;
  }
  return frames;
}
