/**
 * Sensitivity of the scoreboard to lidep's unmeasured parameters (issue 16): every scenario the
 * reference names rerun with one parameter changed at a time — the interface and collector
 * diffusivities, the Li|LLZO work of adhesion and the exchange current density, each ×3 and ÷3 —
 * and the interface diffusivity swept across the similarity rule's range (1e-15 … 1e-11 m²/s at
 * the paper's scale, bulk to surface: PARAMETERS.md gives it no value), so that no single default
 * of an unmeasured parameter decides a row. Each variant runs at the same event budget and seeds as
 * its own baseline (the quick budget), and the table says which rows change verdict.
 */
import { LI_DIFFUSIVITY_M2_PER_S, EXCHANGE_CURRENT_DENSITY_A_PER_CM2, LLZO_WORK_OF_ADHESION_J_PER_M2 } from "../constants/materials.ts";
import { BOLTZMANN_J_PER_K, EV_J, ROOM_TEMPERATURE_K } from "../constants/physical.ts";
import { barrierFromDiffusivity } from "../model/params.ts";
import { HYPOTHESIS_SLOWING, slowedName, type Experiment } from "./experiments.ts";
import type { Row } from "./rows.ts";

export interface Variant {
  /** Short name, used in run directories. */
  name: string;
  /** What changed, for the table. */
  label: string;
  /** Scenario overrides. */
  overrides: string[];
  /** The interface or collector diffusivity this variant sets (the Fig. 2d slowed run of that path is rebuilt from it). */
  diffusivity?: { path: "interface" | "collector"; value: number };
}

const D = LI_DIFFUSIVITY_M2_PER_S;
const esc = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The ×3 / ÷3 variants of each unmeasured parameter. */
export function sensitivityVariants(): Variant[] {
  const out: Variant[] = [];
  for (const [f, tag] of [[3, "x3"], [1 / 3, "div3"]] as const) {
    for (const path of ["interface", "collector"] as const) {
      const value = D[path] * f;
      out.push({ name: `${path}D-${tag}`, label: `${path} D ${tag === "x3" ? "×3" : "÷3"} (${value.toExponential(2)} m²/s)`, overrides: [`hops.${path}.diffusivity_m2_per_s=${value}`], diffusivity: { path, value } });
    }
    out.push({ name: `adhesion-${tag}`, label: `Li|LLZO W_adh ${tag === "x3" ? "×3" : "÷3"} (${(LLZO_WORK_OF_ADHESION_J_PER_M2 * f).toFixed(3)} J/m²)`, overrides: [`llzo.workOfAdhesion_J_per_m2=${LLZO_WORK_OF_ADHESION_J_PER_M2 * f}`] });
    out.push({ name: `i0-${tag}`, label: `i0 ${tag === "x3" ? "×3" : "÷3"} (${(EXCHANGE_CURRENT_DENSITY_A_PER_CM2 * f * 1e3).toFixed(3)} mA/cm²)`, overrides: [`electrochem.exchangeCurrentDensity_A_per_cm2=${EXCHANGE_CURRENT_DENSITY_A_PER_CM2 * f}`] });
  }
  return out;
}

/** The interface D across the similarity rule's range (paper-scale values; the rule scales them in the paper scenarios). */
export function diffusivitySweep(): Variant[] {
  return [1e-15, 1e-14, 1e-12, 1e-11].map((value) => ({
    name: `interfaceD-${value.toExponential(0)}`,
    label: `interface D = ${value.toExponential(0)} m²/s`,
    overrides: [`hops.interface.diffusivity_m2_per_s=${value}`],
    diffusivity: { path: "interface" as const, value },
  }));
}

/**
 * The experiments of a variant: the baseline's with the variant's overrides, each named
 * `<variant>/<name>`. A Fig. 2d run that slows the variant's path is rebuilt from the variant's
 * diffusivity (its barrier + kT_ref·ln 100), since a path takes a barrier or a diffusivity, not both.
 */
export function variantExperiments(base: Experiment[], v: Variant): Experiment[] {
  const slow = (BOLTZMANN_J_PER_K * ROOM_TEMPERATURE_K * Math.log(HYPOTHESIS_SLOWING)) / EV_J;
  return base.map((e) => {
    let overrides = [...e.overrides, ...v.overrides];
    if (v.diffusivity && e.name === slowedName(v.diffusivity.path)) {
      const { path, value } = v.diffusivity;
      overrides = [...e.overrides.filter((o) => !o.startsWith(`hops.${path}.barrier_eV=`)), `hops.${path}.barrier_eV=${barrierFromDiffusivity(path, value, 1e13, true) + slow}`];
    }
    return { ...e, name: `${v.name}/${e.name}`, overrides };
  });
}

/** The markdown table: one row per scored entry, its verdict at the baseline and under each variant (changes in bold). */
export function sensitivityTable(title: string, intro: string, baseline: Row[], variants: { v: Variant; rows: Row[] }[]): string[] {
  const scored = baseline.filter((r) => r.kind === "simulated");
  const changed = new Map<string, string[]>();
  const lines = [
    `## ${title}`,
    "",
    intro,
    "",
    `| id | baseline | ${variants.map((x) => esc(x.v.label)).join(" | ")} |`,
    `|---|---|${variants.map(() => "---").join("|")}|`,
  ];
  for (const r of scored) {
    const cells = variants.map(({ v, rows }) => {
      const o = rows.find((x) => x.entry.id === r.entry.id);
      if (!o) return "—";
      if (o.status !== r.status) changed.set(v.label, [...(changed.get(v.label) ?? []), r.entry.id]);
      return o.status === r.status ? o.status : `**${o.status}**`;
    });
    lines.push(`| ${r.entry.id} | ${r.status} | ${cells.join(" | ")} |`);
  }
  lines.push("");
  lines.push(changed.size === 0 ? "No row changes verdict under any variant." : `Rows that change verdict: ${[...changed].map(([k, ids]) => `${esc(k)}: ${ids.join(", ")}`).join("; ")}.`);
  lines.push("");
  return lines;
}
