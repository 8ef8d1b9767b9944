/**
 * `lidep view`: serves the browser views of a run or sweep directory on the loopback interface,
 * with node:http only. The page code (viz/app.ts, which imports the shared chart modules) is
 * bundled once at start with esbuild; d3 and apache-arrow come to the page as their own browser
 * bundles from node_modules (d3.min.js, Arrow.es2015.min.js), which the page code uses as the
 * globals `d3` and `Arrow`.
 *
 *   /                   the page (viz/index.html)
 *   /app.js, /style.css the page's code and style
 *   /vendor/d3.min.js, /vendor/arrow.min.js
 *   /api/info           { kind: "run" | "sweep", name, runs: [{ path, params }], rowPaths }
 *   /data/<path>        the directory's .arrow, .json, .png and .svg files
 *
 * Files may change or disappear while served (a run rewritten, a directory removed): each file
 * is opened once, then sized and streamed from that descriptor, and a file that is gone is a 404
 * — the server keeps running. Requests whose Host header is neither an address nor localhost (nor,
 * on a non-loopback bind, this machine's name) are refused: a web page that rebinds its own name
 * to 127.0.0.1 cannot read the data. Listening on another interface than loopback is allowed,
 * with a warning on stderr.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { closeSync, createReadStream, existsSync, fstatSync, openSync, readFileSync, realpathSync } from "node:fs";
import { isIP } from "node:net";
import { hostname } from "node:os";
import { basename, dirname, extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { AddressInfo } from "node:net";
import * as esbuild from "esbuild";
import { UserError } from "../errors.ts";
import { dirKind, listRuns } from "./data.ts";

export interface ViewOptions {
  dir: string;
  port?: number;
  host?: string;
}

export interface ViewServer {
  url: string;
  close(): Promise<void>;
}

const VIZ_DIR = fileURLToPath(new URL("../../viz/", import.meta.url));

/** Files of the browser bundles of d3 and apache-arrow in node_modules. */
export function vendorFiles(): { d3: string; arrow: string } {
  const d3 = join(packageRoot("d3"), "dist", "d3.min.js");
  const arrow = join(packageRoot("apache-arrow"), "Arrow.es2015.min.js");
  for (const f of [d3, arrow]) if (!existsSync(f)) throw new Error(`browser bundle not found: ${f} (run npm ci)`);
  return { d3, arrow };
}

/** The folder of an installed package (its exports hide the browser bundles and package.json). */
function packageRoot(name: string): string {
  let dir = dirname(fileURLToPath(import.meta.resolve(name)));
  for (;;) {
    const pj = join(dir, "package.json");
    if (existsSync(pj) && (JSON.parse(readFileSync(pj, "utf8")) as { name?: string }).name === name) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`package ${name}: its folder was not found (run npm ci)`);
    dir = up;
  }
}

const GLOBALS: Record<string, string> = { d3: "d3", "apache-arrow": "Arrow" };

/** Bundles viz/app.ts (and the chart modules it imports) into one ES module for the browser. */
export async function bundleApp(): Promise<string> {
  const r = await esbuild.build({
    entryPoints: [join(VIZ_DIR, "app.ts")],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2020",
    write: false,
    logLevel: "silent",
    legalComments: "none",
    plugins: [
      {
        name: "lidep-browser-globals",
        setup(b) {
          b.onResolve({ filter: /^(d3|apache-arrow)$/ }, (a) => ({ path: a.path, namespace: "lidep-global" }));
          b.onLoad({ filter: /.*/, namespace: "lidep-global" }, (a) => ({ contents: `module.exports = globalThis[${JSON.stringify(GLOBALS[a.path])}];`, loader: "js" }));
        },
      },
    ],
  });
  return r.outputFiles[0].text;
}

/** The run directory of each sweep.arrow row, in row order, when the sweep's sweep.json lists
 * them (`runs`: relative paths); null otherwise. */
export function sweepRowPaths(root: string): string[] | null {
  const f = join(root, "sweep.json");
  if (!existsSync(f)) return null;
  try {
    const runs = (JSON.parse(readFileSync(f, "utf8")) as { runs?: unknown }).runs;
    return Array.isArray(runs) && runs.every((r) => typeof r === "string") ? (runs as string[]) : null;
  } catch {
    return null;
  }
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".arrow": "application/vnd.apache.arrow.file",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};
const DATA_EXTENSIONS = new Set([".arrow", ".json", ".png", ".svg"]);

/** Whether an address (or name) is the loopback interface. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d+\.\d+\.\d+$/.test(h) || /^::ffff:127\.\d+\.\d+\.\d+$/.test(h);
}

/**
 * Whether a request's Host header names this server: an IP address (a browser that sends one
 * reached it by address, not through a name an attacker controls), localhost, or — bound to
 * another interface than loopback — the address or name it was bound with, or this machine's name.
 * No Host header at all (HTTP/1.0, not a browser) is accepted.
 */
export function hostAllowed(header: string | undefined, boundHost: string): boolean {
  if (header === undefined) return true;
  let name = header.trim().toLowerCase();
  if (name.startsWith("[")) {
    const end = name.indexOf("]");
    if (end < 0) return false;
    name = name.slice(1, end);
  } else {
    const colon = name.lastIndexOf(":");
    if (colon >= 0) name = name.slice(0, colon);
  }
  name = name.replace(/\.$/, "");
  if (isIP(name) !== 0) return true;
  if (name === "localhost" || name.endsWith(".localhost")) return true;
  if (!isLoopback(boundHost)) return name === boundHost.toLowerCase() || name === hostname().toLowerCase();
  return false;
}

function send(res: ServerResponse, status: number, type: string, body: string | Uint8Array, head = false): void {
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body), "cache-control": "no-store", "x-content-type-options": "nosniff" });
  res.end(head ? undefined : body);
}

export async function viewCommand(opts: ViewOptions): Promise<ViewServer> {
  const root = resolve(opts.dir);
  const kind = dirKind(root);
  const host = opts.host ?? "127.0.0.1";
  const port = opts.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError(`--port ${opts.port}: expected a port number 0–65535 (0: any free port)`);
  const realRoot = realpathSync(root);
  const vendor = vendorFiles();
  const app = await bundleApp();
  const page = readFileSync(join(VIZ_DIR, "index.html"));
  const style = readFileSync(join(VIZ_DIR, "style.css"));
  const staticFiles: Record<string, [string, string | Uint8Array]> = {
    "/": [TYPES[".html"], page],
    "/index.html": [TYPES[".html"], page],
    "/app.js": [TYPES[".js"], app],
    "/style.css": [TYPES[".css"], style],
    "/vendor/d3.min.js": [TYPES[".js"], readFileSync(vendor.d3)],
    "/vendor/arrow.min.js": [TYPES[".js"], readFileSync(vendor.arrow)],
  };

  const text = "text/plain; charset=utf-8";
  /** A file that vanished (or was never there) is a 404; any other failure to read it a 500. */
  const unreadable = (rel: string, e: unknown, res: ServerResponse, head: boolean) => {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") send(res, 404, text, `not found: ${rel} (no longer there)\n`, head);
    else send(res, 500, text, `cannot read ${rel}: ${code ?? (e as Error).message}\n`, head);
  };

  const serveData = (rel: string, res: ServerResponse, head: boolean) => {
    const file = resolve(root, "." + sep + rel);
    if (!(file === root || file.startsWith(root + sep)) || !DATA_EXTENSIONS.has(extname(file).toLowerCase())) {
      send(res, 404, text, `not found: ${rel}\n`, head);
      return;
    }
    let fd: number;
    let size: number;
    try {
      const real = realpathSync(file);
      if (!real.startsWith(realRoot + sep)) {
        send(res, 404, text, `not found: ${rel}\n`, head);
        return;
      }
      fd = openSync(real, "r");
    } catch (e) {
      unreadable(rel, e, res, head);
      return;
    }
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) {
        closeSync(fd);
        send(res, 404, text, `not found: ${rel}\n`, head);
        return;
      }
      size = st.size;
    } catch (e) {
      closeSync(fd);
      unreadable(rel, e, res, head);
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file).toLowerCase()], "content-length": size, "cache-control": "no-store", "x-content-type-options": "nosniff" });
    if (head || size === 0) {
      closeSync(fd);
      res.end();
      return;
    }
    // from the open descriptor: the bytes of the file as it was sized, even if it is removed or
    // replaced meanwhile; a file cut short ends the response early, never the server
    const stream = createReadStream("", { fd, start: 0, end: size - 1, autoClose: true });
    stream.on("error", () => res.destroy());
    res.on("close", () => stream.destroy());
    stream.pipe(res);
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const head = req.method === "HEAD";
    if (!hostAllowed(req.headers.host, host)) {
      send(res, 403, "text/plain; charset=utf-8", `lidep view: refused Host "${req.headers.host}" (not this server's address): open http://${urlHost}:${boundPort}/\n`, head);
      return;
    }
    if (req.method !== "GET" && !head) {
      send(res, 405, "text/plain; charset=utf-8", "method not allowed\n");
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    } catch {
      send(res, 400, "text/plain; charset=utf-8", "bad request\n", head);
      return;
    }
    const st = staticFiles[path];
    if (st) {
      send(res, 200, st[0], st[1], head);
      return;
    }
    if (path === "/api/info") {
      const info = { kind, name: basename(root), runs: kind === "sweep" ? listRuns(root) : [], rowPaths: kind === "sweep" ? sweepRowPaths(root) : null };
      send(res, 200, TYPES[".json"], JSON.stringify(info), head);
      return;
    }
    if (path.startsWith("/data/")) {
      serveData(path.slice("/data/".length), res, head);
      return;
    }
    if (path === "/favicon.ico") {
      res.writeHead(204).end();
      return;
    }
    send(res, 404, "text/plain; charset=utf-8", `not found: ${path}\n`, head);
  };

  let urlHost = host;
  let boundPort = port;
  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (e) {
      if (!res.headersSent) send(res, 500, "text/plain; charset=utf-8", `${(e as Error).message}\n`);
      else res.destroy();
    }
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EADDRINUSE") fail(new UserError(`port ${port} on ${host} is in use: choose another with --port (0 picks a free one)`));
      else if (e.code === "EADDRNOTAVAIL" || e.code === "ENOTFOUND") fail(new UserError(`--host ${host}: not an address of this machine`));
      else if (e.code === "EACCES") fail(new UserError(`port ${port}: not allowed (ports below 1024 need privileges)`));
      else fail(e);
    });
    server.listen(port, host, () => ok());
  });
  const addr = server.address() as AddressInfo;
  urlHost = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
  boundPort = addr.port;
  if (!isLoopback(host)) {
    process.stderr.write(
      `lidep view: WARNING: listening on ${host}, not only on this machine's loopback interface: anyone who can reach it on port ${addr.port} can read ${root} ` +
        `(every .arrow, .json, .png and .svg file in it), with no password. Use the default --host 127.0.0.1 unless you mean to share it.\n`,
    );
  }
  return {
    url: `http://${urlHost}:${addr.port}/`,
    close: () =>
      new Promise<void>((ok, fail) => {
        server.close((e) => (e ? fail(e) : ok()));
        server.closeAllConnections();
      }),
  };
}
