#!/usr/bin/env node
// Entry point of the `lidep` command. The sources are TypeScript; tsx compiles them on the fly
// (TOOLCHAIN.md: register tsx's ESM loader, then import the .ts module).
import { register } from "tsx/esm/api";

// `lidep … | head`: when the reader goes away, stop quietly with the status of a program killed by
// SIGPIPE (128 + 13), as other command-line tools do, instead of an EPIPE stack trace. Exit
// handlers still run (io/outdir.ts releases its lock and removes its unfinished temporaries).
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e) => {
    if (e && e.code === "EPIPE") process.exit(141);
    throw e;
  });
}

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
