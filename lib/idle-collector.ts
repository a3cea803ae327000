import v8 from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * Gives memory back once a burst of requests is over.
 *
 * Under load V8 lets the garbage of many requests pile up in its old space between full collections: during
 * 60 s of invoke load at 32 connections the serving process's heap swung between about 130 and 340 MB while
 * what was live stayed about 100 MB. Its young generation also grows to its maximum and stays there. When
 * the load stops, nothing prompts V8 to collect what is left, so the process stayed 100 to 300 MB above its
 * idle size for as long as it stayed quiet. The launcher counts requests; once a burst has been followed by
 * `QUIET_INTERVALS` intervals without any, it collects once, if the heap has grown well past what was live
 * after the last collection or the young generation has grown. V8 judges the allocation rate over the last
 * 5 s, and only a collection that finds it low gives the young generation's pages back, hence 6 s of quiet
 * rather than 2. The start itself counts as a burst. A quiet server is never woken for nothing, and a busy
 * one is left to V8.
 */

/** How often the launcher looks. */
export const IDLE_INTERVAL_MS = 2_000;
/** Intervals without a request after which a burst counts as over: 6 s. */
export const QUIET_INTERVALS = 3;
/** Growth past the live heap that is worth a collection: small heaps are left alone. */
const GROWTH_FACTOR = 1.5;
const GROWTH_FLOOR_BYTES = 32 * 1024 * 1024;
/** A young generation past this size is worth a collection that shrinks it (it starts at 1 MB). */
const YOUNG_FLOOR_BYTES = 8 * 1024 * 1024;

export interface IdleCollectorState {
  /** Whether requests came since the last collection (or the start). */
  hadTraffic: boolean;
  /** The heap in use right after the last collection, or at the start. */
  liveBytes: number;
  /** Intervals without a request since the last one that had some. */
  quietIntervals: number;
}

export interface HeapReading {
  usedBytes: number;
  /** The young generation's reserved size. */
  youngBytes: number;
}

/** One look at the end of an interval: whether to collect now, and what to remember. */
export function decideIdleCollection(state: IdleCollectorState, requestsInInterval: number, heap: HeapReading): { collect: boolean; state: IdleCollectorState } {
  if (requestsInInterval > 0) return { collect: false, state: { ...state, hadTraffic: true, quietIntervals: 0 } };
  const quiet = { ...state, quietIntervals: state.quietIntervals + 1 };
  if (!state.hadTraffic || quiet.quietIntervals < QUIET_INTERVALS) return { collect: false, state: quiet };
  const hasGrown = heap.usedBytes > Math.max(state.liveBytes * GROWTH_FACTOR, state.liveBytes + GROWTH_FLOOR_BYTES) || heap.youngBytes > YOUNG_FLOOR_BYTES;
  return { collect: hasGrown, state: { ...quiet, hadTraffic: false } };
}

function readHeap(): HeapReading {
  const young = v8.getHeapSpaceStatistics().find((space) => space.space_name === "new_space");
  return { usedBytes: process.memoryUsage().heapUsed, youngBytes: young?.space_size ?? 0 };
}

let gc: (() => void) | undefined;

/** A full garbage collection now (the process need not have been started with `--expose-gc`). */
export function collectGarbage(): void {
  if (!gc) {
    v8.setFlagsFromString("--expose-gc");
    gc = runInNewContext("gc") as () => void;
  }
  gc();
}

/** Starts looking every `IDLE_INTERVAL_MS`; call the returned function for each request served. */
export function startIdleCollector(): { noteRequest: () => void; stop: () => void } {
  let requests = 0;
  // The start counts as a burst: loading the app grows the young generation as a load does.
  let state: IdleCollectorState = { hadTraffic: true, liveBytes: process.memoryUsage().heapUsed, quietIntervals: 0 };
  const timer = setInterval(() => {
    const decision = decideIdleCollection(state, requests, readHeap());
    requests = 0;
    state = decision.state;
    if (!decision.collect) return;
    collectGarbage();
    state = { ...state, liveBytes: process.memoryUsage().heapUsed };
  }, IDLE_INTERVAL_MS);
  timer.unref();
  return {
    noteRequest: () => {
      requests += 1;
    },
    stop: () => clearInterval(timer),
  };
}
