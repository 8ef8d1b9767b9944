/**
 * Checkpoint files: a run's complete state (JSON scalars and typed arrays) in one binary file,
 * written in turn to two files so that a kill during a write leaves the other one whole. Each file
 * ends with a checksum; `readLatestCheckpoint` takes the newest file that checks out.
 *
 * Scalars travel as JSON, which reads every finite double back bit for bit (the clock, the solver's
 * kept next-event time); a value that may be NaN is stored as null by its owner.
 *
 * Layout: "LIDEPCK1" · u32 header length · header JSON · padding to 8 · array payloads (each
 * 8-aligned) · u32 FNV-1a checksum of all the bytes before it.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync, rmSync } from "node:fs";
import { join } from "node:path";

const MAGIC = "LIDEPCK1";
const TYPES = { Float64Array, Float32Array, Int32Array, Uint32Array, Uint8Array, Int8Array, Int16Array, Uint16Array } as const;
type TypeName = keyof typeof TYPES;

export interface CheckpointData {
  scalars: Record<string, unknown>;
  arrays: Record<string, ArrayBufferView>;
}

function fnv1a(bytes: Uint8Array, end: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < end; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function encodeCheckpoint(data: CheckpointData): Uint8Array {
  const entries: { name: string; type: TypeName; offset: number; length: number }[] = [];
  let payload = 0;
  for (const [name, arr] of Object.entries(data.arrays)) {
    const type = arr.constructor.name as TypeName;
    if (!(type in TYPES)) throw new Error(`checkpoint: unsupported array type ${type} for ${name}`);
    entries.push({ name, type, offset: payload, length: (arr as unknown as { length: number }).length });
    payload += Math.ceil(arr.byteLength / 8) * 8;
  }
  const header = new TextEncoder().encode(JSON.stringify({ format: 1, scalars: data.scalars, arrays: entries }));
  const headStart = 12;
  const payloadStart = Math.ceil((headStart + header.length) / 8) * 8;
  const total = payloadStart + payload + 4;
  const out = new Uint8Array(total);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(8, header.length, true);
  out.set(header, headStart);
  let i = 0;
  for (const arr of Object.values(data.arrays)) {
    out.set(new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength), payloadStart + entries[i++].offset);
  }
  new DataView(out.buffer).setUint32(total - 4, fnv1a(out, total - 4), true);
  return out;
}

/** Decodes a checkpoint, or returns null if it is truncated or corrupt. */
export function decodeCheckpoint(bytes: Uint8Array): CheckpointData | null {
  if (bytes.length < 16 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (fnv1a(bytes, bytes.length - 4) !== view.getUint32(bytes.length - 4, true)) return null;
  const hlen = view.getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + hlen))) as {
    scalars: Record<string, unknown>;
    arrays: { name: string; type: TypeName; offset: number; length: number }[];
  };
  const payloadStart = Math.ceil((12 + hlen) / 8) * 8;
  const arrays: Record<string, ArrayBufferView> = {};
  for (const e of header.arrays) {
    const C = TYPES[e.type];
    const bytesPer = C.BYTES_PER_ELEMENT;
    const copy = bytes.slice(payloadStart + e.offset, payloadStart + e.offset + e.length * bytesPer);
    arrays[e.name] = new C(copy.buffer, 0, e.length);
  }
  return { scalars: header.scalars, arrays };
}

export const CHECKPOINT_FILES = ["checkpoint-0.bin", "checkpoint-1.bin"];

/** Writes checkpoints into `dir`, alternating between the two files, each fsync'ed. */
export class CheckpointWriter {
  private count = 0;
  constructor(readonly dir: string) {}
  write(data: CheckpointData): string {
    const file = join(this.dir, CHECKPOINT_FILES[this.count++ % 2]);
    const bytes = encodeCheckpoint(data);
    const fd = openSync(file, "w");
    try {
      writeSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return file;
  }
  /** After `n` earlier checkpoints (a resumed run), keep alternating from the right file. */
  continueAfter(n: number): void {
    this.count = n;
  }
}

/** The newest valid checkpoint in `dir`, by `scalars.events`. */
export function readLatestCheckpoint(dir: string): CheckpointData | null {
  let best: CheckpointData | null = null;
  for (const f of CHECKPOINT_FILES) {
    const file = join(dir, f);
    if (!existsSync(file)) continue;
    const data = decodeCheckpoint(new Uint8Array(readFileSync(file)));
    if (!data) continue;
    if (!best || (data.scalars.events as number) > (best.scalars.events as number)) best = data;
  }
  return best;
}

export function removeCheckpoints(dir: string): void {
  for (const f of CHECKPOINT_FILES) rmSync(join(dir, f), { force: true });
}
