#!/usr/bin/env node
// Entry point of the `lidep` command. The sources are TypeScript; tsx compiles them on the fly
// (TOOLCHAIN.md: register tsx's ESM loader, then import the .ts module).
import { register } from "tsx/esm/api";
register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
