/**
 * Observation never changes the trajectory: the same scenario and seed perform the very same
 * events — same group, leaf and time, in the same order — whatever the number of samples and
 * snapshots, and across checkpoints taken at any point (saved, encoded, decoded and restored into
 * a fresh Simulation). Each run ends at maxTime_s, so the number of events is itself a result.
 */
import { describe, expect, it } from "vitest";
import { resolveScenario } from "../src/scenario/load.ts";
import { Simulation } from "../src/run/simulate.ts";
import { decodeCheckpoint, encodeCheckpoint } from "../src/io/checkpoint.ts";
import type { Scenario } from "../src/scenario/schema.ts";
import { UserError } from "../src/errors.ts";
import { SCHEMA_VERSION } from "../src/run/provenance.ts";

function scenario(samples: number, snapshots: number): Scenario {
  // sampling, whatever the transport: the rule alone (lattice.calibratedTransport: false): at n = 2 the calibrated surface, interface and collector hops are 10³–10⁵× faster (data/coarse-graining.json), which this event budget cannot pay for
  return resolveScenario({
    lattice: { coarseGrain: 2, calibratedTransport: false, size_nm: [12, 2.8, 10] },
    li: { initialRadius_nm: 1.5 },
    collector: { kind: "rigid", shape: "arc", radius_nm: 4 },
    electrical: { currentDensity_A_per_cm2: 0.5 },
    // ends at maxTime_s (~25,000 events) well before maxEvents
    run: { maxEvents: 1_000_000, maxTime_s: 2.5e-3, samples, snapshots },
  });
}

/** FNV-1a over (group, leaf, time bits) of every event performed by the simulation's model. */
class EventHash {
  h = 0x811c9dc5;
  count = 0;
  private readonly f = new Float64Array(1);
  private readonly w = new Uint32Array(this.f.buffer);
  private mix(x: number) {
    this.h = Math.imul(this.h ^ (x >>> 0), 0x01000193) >>> 0;
  }
  attach(sim: Simulation) {
    const model = sim.built.model;
    const perform = model.perform.bind(model);
    // an own property shadows the class method: the solver calls it for every event
    model.perform = (group: number, leaf: number, u: number, time: number) => {
      this.f[0] = time;
      this.mix(group);
      this.mix(leaf);
      this.mix(this.w[0]);
      this.mix(this.w[1]);
      this.count++;
      return perform(group, leaf, u, time);
    };
  }
}

interface Trace {
  hash: number;
  count: number;
  events: number;
  time: number;
  rng: string;
  samples: number;
}

/** Runs to the end; `checkpointAt` lists event counts after which the run is saved, encoded and
 * restored into a fresh Simulation (as `lidep resume` does after a kill). */
function trace(s: Scenario, seed: number, chunk: number, checkpointAt: number[] = []): Trace {
  const hash = new EventHash();
  let sim = new Simulation(s, seed);
  hash.attach(sim);
  const due = [...checkpointAt];
  while (!sim.step(chunk)) {
    if (due.length && sim.solver.events >= due[0]) {
      due.shift();
      const data = decodeCheckpoint(encodeCheckpoint(sim.save()))!;
      sim = new Simulation(s, seed, data);
      hash.attach(sim);
    }
  }
  expect(due, "every checkpoint was taken").toEqual([]);
  return { hash: hash.h, count: hash.count, events: sim.solver.events, time: sim.solver.time, rng: JSON.stringify(sim.rng.state()), samples: sim.rows.time_s.length };
}

describe("sampling never changes the trajectory", () => {
  it("same events for samples 200/201/7, snapshots 2/9, chunks and checkpoints", () => {
    const base = trace(scenario(200, 2), 3, 20_000);
    const msg = `${base.count} events to t = ${base.time} s, ${base.samples} samples`;
    console.log(msg);
    expect(base.count, msg).toBe(base.events);
    expect(base.events, msg).toBeGreaterThan(5_000);
    expect(base.time, "the run ends at maxTime_s").toBe(2.5e-3);
    const variants: [string, Trace][] = [
      ["samples 201", trace(scenario(201, 2), 3, 20_000)],
      ["samples 7, snapshots 9", trace(scenario(7, 9), 3, 20_000)],
      ["samples 1000, chunks of 777", trace(scenario(1000, 2), 3, 777)],
      ["checkpoints every ~5,000 events", trace(scenario(200, 2), 3, 1_000, [5_000, 10_000, 15_000, 20_000])],
      ["checkpoints at 3,001 and 17,777, 9 snapshots", trace(scenario(53, 9), 3, 3_001, [3_001, 17_777])],
    ];
    for (const [name, v] of variants) {
      expect({ hash: v.hash, count: v.count, events: v.events, time: v.time, rng: v.rng }, name).toEqual({ hash: base.hash, count: base.count, events: base.events, time: base.time, rng: base.rng });
    }
    // and another seed is another trajectory
    expect(trace(scenario(200, 2), 4, 20_000).hash).not.toBe(base.hash);
  });

  it("a checkpoint of another output layout is refused with one line, not continued wrongly", () => {
    const s = scenario(20, 2);
    const sim = new Simulation(s, 3);
    sim.step(500);
    const data = decodeCheckpoint(encodeCheckpoint(sim.save()))!;
    expect(() => new Simulation(s, 3, data)).not.toThrow();
    delete data.scalars.schemaVersion; // as written before species became dictionary indices
    expect(() => new Simulation(s, 3, data)).toThrow(UserError);
    expect(() => new Simulation(s, 3, data)).toThrow(new RegExp(`checkpoint: written for output schema 0, this lidep writes schema ${SCHEMA_VERSION}`));
  });
});
