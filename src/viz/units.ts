/**
 * Units on axes and in text: SI prefixes, times, and the units carried in scenario keys' names.
 * Shared by Node and the browser (viz/app.ts), like model.ts.
 */
const PREFIXES: [number, string][] = [[1e9, "G"], [1e6, "M"], [1e3, "k"], [1, ""], [1e-3, "m"], [1e-6, "µ"], [1e-9, "n"], [1e-12, "p"], [1e-15, "f"], [1e-18, "a"]];

/** The SI prefix that puts `maxAbs` between 1 and 1000: divide values by `factor`. */
export function siPrefix(maxAbs: number, unit: string): { factor: number; unit: string } {
  if (!Number.isFinite(maxAbs) || maxAbs <= 0) return { factor: 1, unit };
  for (const [f, p] of PREFIXES) if (maxAbs >= f * 0.9995) return { factor: f, unit: p + unit };
  const [f, p] = PREFIXES[PREFIXES.length - 1];
  return { factor: f, unit: p + unit };
}

/** The time unit for an axis that ends at `maxT` seconds (no kiloseconds). */
export function timeUnit(maxT: number): { factor: number; unit: string } {
  const u = siPrefix(maxT, "s");
  return u.factor > 1 ? { factor: 1, unit: "s" } : u;
}

/** A time as text in the unit that suits it: "12.5 ms", "0 s". */
export function formatTime(t: number, digits = 4): string {
  if (!Number.isFinite(t)) return "–";
  if (t === 0) return "0 s";
  const u = timeUnit(Math.abs(t));
  return `${Number((t / u.factor).toPrecision(digits))} ${u.unit}`;
}

/** "1.23 GPa"-style text for a value in base units. */
export function formatSI(v: number, unit: string, digits = 3): string {
  if (!Number.isFinite(v)) return "–";
  if (v === 0) return `0 ${unit}`;
  const p = siPrefix(Math.abs(v), unit);
  return `${Number((v / p.factor).toPrecision(digits))} ${p.unit}`;
}

/** Readable unit text from a key's suffix: `currentDensity_A_per_cm2` → `A/cm²`. */
export function unitOfKey(key: string): string {
  const leaf = key.split(".").pop() ?? key;
  const us = leaf.indexOf("_");
  if (us < 0) return "";
  return leaf
    .slice(us + 1)
    .replace(/_per_/g, "/")
    .replace(/(?<=[a-zA-Z])2\b/g, "²")
    .replace(/(?<=[a-zA-Z])3\b/g, "³")
    .replace(/^per_/, "1/")
    .replace(/_/g, "·");
}

/** Axis label for a scenario key: `electrical.currentDensity (A/cm²)`. */
export function keyLabel(key: string): string {
  const unit = unitOfKey(key);
  const parts = key.split(".");
  const leaf = parts.pop() ?? key;
  const name = [...parts, leaf.includes("_") ? leaf.slice(0, leaf.indexOf("_")) : leaf].join(".");
  return unit ? `${name} (${unit})` : name;
}
