/**
 * Paths: Li hops by path (bulk, surface, interface, collector), cumulative over time, on a symlog
 * axis (the paths differ by orders of magnitude); the legend gives each path's share.
 */
import { drawTimeChart, type Series } from "./timechart.ts";
import type { Container, Size } from "./frame.ts";

export interface PathsData {
  time_s: ArrayLike<number>;
  /** Cumulative hop counts per path; a missing path is left out. */
  hops: { bulk?: ArrayLike<number>; surface?: ArrayLike<number>; interface?: ArrayLike<number>; collector?: ArrayLike<number> };
}

export const PATH_COLORS = { bulk: "#8c564b", surface: "#1f77b4", interface: "#2ca02c", collector: "#ff7f0e" } as const;

function last(a: ArrayLike<number>): number {
  for (let i = a.length - 1; i >= 0; i--) if (Number.isFinite(a[i])) return a[i];
  return 0;
}

export function drawPaths(container: Container, d: PathsData, size: Size): void {
  const names = (["bulk", "surface", "interface", "collector"] as const).filter((k) => d.hops[k]);
  const total = names.reduce((s, k) => s + last(d.hops[k]!), 0);
  const series: Series[] = names.map((k) => {
    const n = last(d.hops[k]!);
    const share = total > 0 ? ` ${((100 * n) / total).toPrecision(3)} %` : "";
    return { name: k, label: `${k}: ${n.toLocaleString("en-US")} hops${share}`, color: PATH_COLORS[k], t: d.time_s, y: d.hops[k]! };
  });
  drawTimeChart(
    container,
    {
      kind: "paths",
      title: `Hops by path — ${total.toLocaleString("en-US")} in total`,
      yLabel: "cumulative hops (count, symlog)",
      yScale: "symlog",
      symlogConstant: 1,
      series,
    },
    size,
  );
}
