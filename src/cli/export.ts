/**
 * `lidep export <dir> --xyz [--out FILE]`: a run directory's snapshots as an extended XYZ
 * trajectory (io/xyz.ts) that OVITO and ASE open, one frame per snapshot, lengths in Å, each
 * material written as a chemical element (Li, and stand-ins for the others: io/xyz.ts) with
 * lidep's own name in a `material` column.
 *
 * The cell is the lattice box: nx·a × ny·a × nz·a from summary.json's `lattice` (or, without
 * summary.json, from the scenario's lattice.size_nm rounded to whole cells as the model does).
 * Heights in snapshots.arrow are measured from the LLZO surface, so the cell's origin sits below
 * it by the surface layer's height; x and y are periodic as the scenario says, z never is.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import * as A from "apache-arrow";
import { UserError } from "../errors.ts";
import { prepareOutputFile, writeFailure } from "../io/outdir.ts";
import { cellsFor } from "../scenario/build.ts";
import { LI_LATTICE_CONSTANT_M } from "../constants/physical.ts";
import { ANGSTROM_PER_NM, SPECIES_NAMES, elementStandIns, writeExtendedXyz, type XyzCell, type XyzParticles } from "../io/xyz.ts";
import { namesOf, readArrowFile } from "../io/arrow.ts";

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});
const isPos = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v > 0;

function readJsonIfAny(file: string): Json | null {
  if (!existsSync(file)) return null;
  try {
    return obj(JSON.parse(readFileSync(file, "utf8")));
  } catch (e) {
    throw new UserError(`${file}: malformed JSON (${(e as Error).message})`);
  }
}

/** The resolved scenario: summary.json, else the Arrow metadata, else scenario.json. */
function scenarioOf(dir: string, summary: Json | null, table: A.Table): Json {
  if (summary && summary.scenario) return obj(summary.scenario);
  const meta = table.schema.metadata.get("lidep.scenario");
  if (meta) {
    try {
      return obj(JSON.parse(meta));
    } catch {
      /* fall through */
    }
  }
  const sc = readJsonIfAny(join(dir, "scenario.json"));
  if (sc && sc.scenario) return obj(sc.scenario);
  throw new UserError(`${dir}: no scenario found (summary.json, snapshots.arrow's lidep.scenario metadata, scenario.json)`);
}

/** The simulation box of a run, in Å, with its origin relative to the LLZO surface (z = 0). */
export function runCell(dir: string, summary: Json | null, scenario: Json): XyzCell {
  const lattice = obj(scenario.lattice);
  const n = isPos(lattice.coarseGrain) ? lattice.coarseGrain : 1;
  const sum = obj(summary?.lattice);
  let a_nm: number;
  let cells: [number, number, number];
  if (isPos(sum.a_nm) && isPos(sum.nx) && isPos(sum.ny) && isPos(sum.nz)) {
    a_nm = sum.a_nm;
    cells = [sum.nx, sum.ny, sum.nz];
  } else {
    const size = lattice.size_nm;
    if (!Array.isArray(size) || size.length !== 3 || !size.every(isPos)) throw new UserError(`${dir}: the scenario has no lattice.size_nm and summary.json no lattice`);
    a_nm = (n * LI_LATTICE_CONSTANT_M) / 1e-9;
    cells = [cellsFor(size[0], n), cellsFor(size[1], n), cellsFor(size[2], n)];
  }
  // the LLZO fills the layers up to the surface layer, round(2·thickness/a) − 1 (model/geometry.ts);
  // snapshot heights are measured from that layer, at surfaceLayer·a/2 above the box's floor
  const thickness = isPos(obj(scenario.llzo).thickness_nm) ? (obj(scenario.llzo).thickness_nm as number) : 1;
  const surfaceLayer = Math.max(0, Math.round((2 * thickness) / a_nm) - 1);
  const zFloor_nm = -(surfaceLayer / 2) * a_nm;
  const A_ = ANGSTROM_PER_NM;
  return {
    lengths_A: [cells[0] * a_nm * A_, cells[1] * a_nm * A_, cells[2] * a_nm * A_],
    origin_A: [0, 0, zFloor_nm * A_],
    pbc: [lattice.periodicX !== false, lattice.periodicY !== false, false],
  };
}

function column(table: A.Table, file: string, name: string, required: boolean): ArrayLike<number> | undefined {
  const c = table.getChild(name);
  if (!c) {
    if (required) throw new UserError(`${file}: no column ${name} (is it a lidep snapshots file?)`);
    return undefined;
  }
  if (c.nullCount === 0) return c.toArray() as ArrayLike<number>;
  return Float64Array.from(c as Iterable<number | null>, (v) => (v == null ? Number.NaN : v)); // nulls as NaN
}

/** Writes `<runDir>/snapshots.xyz` (or `out`) and returns its absolute path. */
export function exportXyz(runDir: string, out?: string, o: { force?: boolean } = {}): string {
  if (!existsSync(runDir)) throw new UserError(`${runDir}: no such directory`);
  if (!statSync(runDir).isDirectory()) throw new UserError(`${runDir}: not a directory`);
  const file = join(runDir, "snapshots.arrow");
  if (!existsSync(file)) {
    const hint = existsSync(join(runDir, "sweep.arrow")) || existsSync(join(runDir, "replicas.arrow")) ? " (a sweep or replicas directory: export one of its runs)" : "";
    throw new UserError(`${file}: missing${hint}`);
  }
  const table = readArrowFile(file);
  const summary = readJsonIfAny(join(runDir, "summary.json"));
  const scenario = scenarioOf(runDir, summary, table);
  const cell = runCell(runDir, summary, scenario);
  const species = table.getChild("species");
  if (!species) throw new UserError(`${file}: no column species (is it a lidep snapshots file?)`);
  const particles: XyzParticles = {
    snapshot: column(table, file, "snapshot", true)!,
    time_s: column(table, file, "time_s", true)!,
    x_nm: column(table, file, "x_nm", true)!,
    y_nm: column(table, file, "y_nm", true)!,
    z_nm: column(table, file, "z_nm", true)!,
    // a dictionary of names (schema version 1) or Int8 codes (version 0)
    material: namesOf(species, SPECIES_NAMES),
    born_s: column(table, file, "born_s", false),
  };
  // never over a directory, a link or another program's file (one in the run directory is lidep's)
  const target = prepareOutputFile(out ?? join(runDir, "snapshots.xyz"), { force: o.force });
  try {
    const kind = obj(scenario.collector).kind;
    writeExtendedXyz(target, particles, cell, elementStandIns(typeof kind === "string" ? kind : "rigid"));
  } catch (e) {
    if (e instanceof RangeError) throw new UserError(`${file}: ${e.message}`);
    throw writeFailure(e, target, "the XYZ file", "nothing was written");
  }
  return target;
}
