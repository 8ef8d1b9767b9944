/** lidep's version, recorded in every output (a run is a function of scenario, seed, version). */
import { readFileSync } from "node:fs";

export const VERSION: string = (() => {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
})();
