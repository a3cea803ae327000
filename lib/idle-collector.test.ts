import { describe, expect, it } from "vitest";
import { decideIdleCollection, QUIET_INTERVALS, type HeapReading, type IdleCollectorState } from "./idle-collector";

const MB = 1024 * 1024;
const start: IdleCollectorState = { hadTraffic: false, liveBytes: 100 * MB, quietIntervals: 0 };
const heap = (usedMb: number, youngMb = 1): HeapReading => ({ usedBytes: usedMb * MB, youngBytes: youngMb * MB });

/** Runs quiet intervals after `state`, returning the interval (1-based) that collected, or 0. */
function quietUntilCollected(state: IdleCollectorState, reading: HeapReading, intervals = 10): number {
  for (let interval = 1; interval <= intervals; interval += 1) {
    const step = decideIdleCollection(state, 0, reading);
    if (step.collect) return interval;
    state = step.state;
  }
  return 0;
}

describe("decideIdleCollection", () => {
  it("waits while requests come, then collects once, after QUIET_INTERVALS quiet intervals, when the heap has grown", () => {
    const busy = decideIdleCollection(start, 5_000, heap(300));
    expect(busy.collect).toBe(false);
    expect(quietUntilCollected(busy.state, heap(300))).toBe(QUIET_INTERVALS);
    let state = busy.state;
    for (let interval = 0; interval < QUIET_INTERVALS; interval += 1) state = decideIdleCollection(state, 0, heap(300)).state;
    // Quiet again: nothing new came, so nothing more to collect.
    expect(quietUntilCollected(state, heap(300))).toBe(0);
  });

  it("starts counting again when a request comes in the quiet", () => {
    let state = decideIdleCollection(start, 10, heap(300)).state;
    state = decideIdleCollection(state, 0, heap(300)).state;
    state = decideIdleCollection(state, 1, heap(300)).state;
    expect(quietUntilCollected(state, heap(300))).toBe(QUIET_INTERVALS);
  });

  it("never wakes a server that had no traffic, whatever its heap", () => {
    expect(quietUntilCollected(start, heap(400, 64))).toBe(0);
  });

  it("leaves small growth to V8, but not a grown young generation", () => {
    const busy = decideIdleCollection(start, 10, heap(120)).state;
    expect(quietUntilCollected(busy, heap(120))).toBe(0);
    expect(quietUntilCollected(busy, heap(120, 64))).toBe(QUIET_INTERVALS);
    // Small heaps need the absolute floor too: 1.5 × 20 MB is not worth a full collection.
    const small = decideIdleCollection({ ...start, liveBytes: 20 * MB }, 10, heap(31)).state;
    expect(quietUntilCollected(small, heap(31))).toBe(0);
    expect(quietUntilCollected(small, heap(60))).toBe(QUIET_INTERVALS);
  });
});
