import { describe, expect, it } from "vitest";
import { decideIdleCollection } from "./idle-collector";

const MB = 1024 * 1024;
const start = { hadTraffic: false, liveBytes: 100 * MB };

describe("decideIdleCollection", () => {
  it("waits while requests come, then collects once in the first quiet interval when the heap has grown", () => {
    let step = decideIdleCollection(start, 5_000, 300 * MB);
    expect(step.collect).toBe(false);
    step = decideIdleCollection(step.state, 0, 300 * MB);
    expect(step.collect).toBe(true);
    // Quiet again: nothing new came, so nothing more to collect.
    expect(decideIdleCollection(step.state, 0, 300 * MB).collect).toBe(false);
  });

  it("never wakes a server that had no traffic, whatever its heap", () => {
    expect(decideIdleCollection(start, 0, 400 * MB).collect).toBe(false);
  });

  it("leaves small growth to V8", () => {
    const busy = decideIdleCollection(start, 10, 120 * MB).state;
    expect(decideIdleCollection(busy, 0, 120 * MB).collect).toBe(false);
    // Small heaps need the absolute floor too: 1.5 × 20 MB is not worth a full collection.
    const small = decideIdleCollection({ hadTraffic: false, liveBytes: 20 * MB }, 10, 31 * MB).state;
    expect(decideIdleCollection(small, 0, 31 * MB).collect).toBe(false);
    expect(decideIdleCollection(small, 0, 60 * MB).collect).toBe(true);
  });
});
