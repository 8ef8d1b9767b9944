/**
 * The paper's numbers as data: `data/paper-reference.json`, validated here. Every row of the
 * reproduction report cites one entry: where the number is in the paper (figure, section, quote),
 * what it means, its unit, its kind (formula / calibrated / not-modelled / reported / simulated),
 * and — for scored rows — the band that judges it and why the band is what it is. Bands are
 * written into the file before the runs that they judge; the code only reads them.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { UserError } from "../errors.ts";

export const REFERENCE_FILE = fileURLToPath(new URL("../../data/paper-reference.json", import.meta.url));

export const KINDS = ["formula", "calibrated", "not-modelled", "reported", "simulated"] as const;
export type Kind = (typeof KINDS)[number];

const NumericBand = z.strictObject({
  min: z.number().optional(),
  max: z.number().optional(),
  minExclusive: z.boolean().optional(),
  maxExclusive: z.boolean().optional(),
});
const EqualsBand = z.strictObject({ equals: z.union([z.string(), z.boolean()]) });

const EntrySchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9]+(\.[A-Za-z0-9]+)+$/),
    kind: z.enum(KINDS),
    experiment: z.string().min(1),
    /** Where in the paper: figure and section. */
    source: z.string().min(1),
    quote: z.string(),
    quantity: z.string().min(1),
    unit: z.string(),
    /** The paper's number, when it gives one (in `unit`). */
    value: z.number().nullable(),
    /** The paper's statement in words, when it is not a number. */
    paper: z.string().optional(),
    band: z.union([NumericBand, EqualsBand]).nullable(),
    /** The side of `directionThreshold` the paper is on; a median on the other side is a miss. */
    direction: z.enum(["greater", "less"]).optional(),
    directionThreshold: z.number().optional(),
    bandReason: z.string().min(1),
    /** What the model would need for this row, shown with a miss or a trend (a note: it never changes a verdict). */
    needs: z.string().optional(),
    /** Scenario inputs that set this quantity (calibrated rows). */
    calibratedBy: z.array(z.string()).optional(),
    /** The row becomes not-modelled when the scenario's coarse-graining n exceeds this. */
    notModelledAboveCoarseGrain: z.number().int().positive().optional(),
    notModelledReason: z.string().optional(),
    scenario: z.string().nullable().optional(),
    /** The scenario run with these overrides, under this name (e.g. fracture off). */
    variant: z.strictObject({ name: z.string().regex(/^[a-z0-9-]+$/), overrides: z.array(z.string()).min(1) }).optional(),
    /** A second scenario the observable compares against (ratios between runs), and its variant. */
    scenarioReference: z.string().optional(),
    referenceVariant: z.strictObject({ name: z.string().regex(/^[a-z0-9-]+$/), overrides: z.array(z.string()).min(1) }).optional(),
    observable: z.string().nullable(),
    /**
     * The entry's scenario is paper-size and longer than the default full mode affords (~30 min on
     * 2 workers for everything): the reason and the cost. Full mode leaves it out (its row says so)
     * unless `--long`; `--quick` runs it at its event cap like every other scenario (a short row).
     */
    long: z.string().min(1).optional(),
    /**
     * The paper-size (or 3D, round-contact) version of `scenario` that full mode runs for this row in
     * its place (issue 19, item 5); `--quick` and the sensitivity variants keep `scenario`. Only where
     * the observable means the same in both (not a slab formula such as 2γ/w).
     */
    paperSize: z.string().min(1).optional(),
    /**
     * A row judged from a law measured over sweeps, not from one scenario's seeds (issue 19, item 4:
     * the particle/whisker crossover j*(R) and j* ∝ B^m): the sweep files (scenarios/sweeps/<name>.json)
     * whose every run `--long` runs, how the shape is read, and what the law is judged on —
     * `exponent`: the fitted k of j* ∝ R^k against `expected`, by the measurement's own interval;
     * `paperBracket`: j* carried to the paper's radius and B against the paper's particle and whisker
     * currents. Such an entry has no band (the interval is the tolerance) and is always `long`.
     */
    law: z
      .strictObject({
        sweeps: z.array(z.string().regex(/^[A-Za-z0-9._-]+$/)).min(1),
        check: z.enum(["exponent", "paperBracket"]),
        volumeFactor: z.number().gt(1),
        threshold: z.number().positive(),
        /** The surface factor (hops.surface.rateFactor) of the radius series; B ∝ it. */
        refFactor: z.number().positive(),
        expected: z.number().optional(),
        paperRadius_nm: z.number().positive().optional(),
        /** The surface factor of the physical B (1: the calibrated value at the scenario's n). */
        physicalFactor: z.number().positive().optional(),
        particleAt: z.number().positive().optional(),
        whiskerAt: z.number().positive().optional(),
      })
      .optional(),
  })
  .superRefine((e, ctx) => {
    const need = (cond: boolean, message: string) => {
      if (!cond) ctx.addIssue({ code: "custom", message });
    };
    if (e.law) {
      need(e.kind === "simulated" && e.band === null && !!e.long, "a law entry is simulated, has no band (its interval is the tolerance) and is long");
      if (e.law.check === "exponent") need(e.law.expected !== undefined, "an exponent law entry needs expected");
      else need(e.law.paperRadius_nm !== undefined && e.law.physicalFactor !== undefined && e.law.particleAt !== undefined && e.law.whiskerAt !== undefined && e.law.particleAt < e.law.whiskerAt, "a paperBracket law entry needs paperRadius_nm, physicalFactor and particleAt < whiskerAt");
    }
    if (e.kind === "simulated" && !e.law) {
      need(e.band !== null, "a simulated entry needs a band");
      need(!!e.scenario, "a simulated entry needs a scenario");
      need(!!e.observable, "a simulated entry needs an observable");
    }
    if (e.kind === "formula") need(e.band !== null && e.value !== null, "a formula entry needs a value and a band");
    if (e.kind === "calibrated") need((e.calibratedBy ?? []).length > 0, "a calibrated entry names the inputs that set it (calibratedBy)");
    if (e.band && "min" in e.band && e.band.min !== undefined && e.band.max !== undefined) need(e.band.min < e.band.max, "band.min must be below band.max");
    if (e.band && !("equals" in e.band)) need(e.band.min !== undefined || e.band.max !== undefined, "a numeric band needs min or max");
    if (e.directionThreshold !== undefined) need(e.direction !== undefined, "directionThreshold needs a direction");
    if (e.notModelledAboveCoarseGrain !== undefined) need(!!e.notModelledReason, "notModelledAboveCoarseGrain needs notModelledReason");
    if (e.long !== undefined) need(!!e.scenario, "a long entry needs a scenario");
    if (e.paperSize !== undefined) need(!!e.scenario && !e.variant, "a paperSize entry needs a scenario and no variant");
  });

export const ReferenceSchema = z.strictObject({
  schemaVersion: z.literal(1),
  paper: z.strictObject({ citation: z.string(), doi: z.string(), text: z.string() }),
  conventions: z.strictObject({
    kinds: z.record(z.string(), z.string()),
    verdicts: z.record(z.string(), z.string()),
    seeds: z.string(),
    bands: z.string(),
    history: z.array(z.strictObject({ date: z.string(), change: z.string() })),
  }),
  entries: z.array(EntrySchema).min(1),
});

export type Reference = z.output<typeof ReferenceSchema>;
export type Entry = Reference["entries"][number];
export type Band = NonNullable<Entry["band"]>;

/** Parses and validates a reference document (ids unique). */
export function parseReference(doc: unknown, file = REFERENCE_FILE): Reference {
  const r = ReferenceSchema.safeParse(doc);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new UserError(`${file}: key ${i.path.join(".") || "(top level)"}: ${i.message}${r.error.issues.length > 1 ? ` (and ${r.error.issues.length - 1} more)` : ""}`);
  }
  const seen = new Set<string>();
  for (const e of r.data.entries) {
    if (seen.has(e.id)) throw new UserError(`${file}: entry ${e.id}: duplicate id`);
    seen.add(e.id);
  }
  return r.data;
}

export function loadReference(file = REFERENCE_FILE): Reference {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new UserError(`${file}: cannot read the paper's reference data (${(e as Error).message})`);
  }
  return parseReference(doc, file);
}

/** The reference as full mode runs it: each entry's `paperSize` scenario in place of its `scenario`. */
export function atPaperSize(ref: Reference): Reference {
  return { ...ref, entries: ref.entries.map((e) => (e.paperSize ? { ...e, scenario: e.paperSize } : e)) };
}

/** A run set: a scenario file and the overrides of a variant; its name keys the runs. */
export interface RunSpec {
  name: string;
  scenario: string;
  overrides: string[];
}

/** The run set an entry reads (`which`: its own or its reference), or null. */
export function runSpec(e: Entry, which: "run" | "reference"): RunSpec | null {
  const scenario = which === "run" ? e.scenario : e.scenarioReference;
  if (!scenario) return null;
  const v = which === "run" ? e.variant : e.referenceVariant;
  return v ? { name: `${scenario}@${v.name}`, scenario, overrides: v.overrides } : { name: scenario, scenario, overrides: [] };
}

/** The band in words, e.g. "≥ 10", "1.53–1.58", "= surface". */
export function describeBand(b: Band | null): string {
  if (b === null) return "—";
  if ("equals" in b) return typeof b.equals === "boolean" ? (b.equals ? "yes" : "no") : `= ${b.equals}`;
  const lo = b.min === undefined ? null : `${b.minExclusive ? ">" : "≥"} ${b.min}`;
  const hi = b.max === undefined ? null : `${b.maxExclusive ? "<" : "≤"} ${b.max}`;
  if (lo && hi) return `${b.min}–${b.max}`;
  return (lo ?? hi)!;
}
