import { afterEach, describe, expect, it, vi } from "vitest";
import { applyInvalidation, clearHotCaches, defineHotCache, TtlCache } from "./hot-cache";

afterEach(() => vi.useRealTimers());

describe("TtlCache", () => {
  it("serves a value until its time is up, then loads again", async () => {
    vi.useFakeTimers();
    const cache = new TtlCache<number>(1000);
    const load = vi.fn().mockResolvedValueOnce(1).mockResolvedValueOnce(2);
    expect(await cache.getOrLoad("k", load)).toBe(1);
    vi.advanceTimersByTime(999);
    expect(await cache.getOrLoad("k", load)).toBe(1);
    vi.advanceTimersByTime(2);
    expect(await cache.getOrLoad("k", load)).toBe(2);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("shares one load between concurrent misses, and caches nothing when it fails", async () => {
    const cache = new TtlCache<string>(1000);
    let calls = 0;
    const load = () => new Promise<string>((resolve) => setTimeout(() => resolve(`v${(calls += 1)}`), 5));
    expect(await Promise.all([cache.getOrLoad("k", load), cache.getOrLoad("k", load)])).toEqual(["v1", "v1"]);
    await expect(cache.getOrLoad("bad", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(cache.get("bad")).toBeUndefined();
  });

  it("forgets entries by prefix, including a load under way, so a write is seen at once", async () => {
    const cache = new TtlCache<string>(60_000);
    cache.set("inst-1:user-a", "old");
    cache.set("inst-2:user-a", "other");
    let release: (value: string) => void = () => undefined;
    const slow = cache.getOrLoad("inst-1:user-b", () => new Promise<string>((resolve) => (release = resolve)));
    cache.invalidate("inst-1:");
    release("stale");
    await slow;
    expect(cache.get("inst-1:user-a")).toBeUndefined();
    expect(cache.get("inst-1:user-b")).toBeUndefined();
    expect(cache.get("inst-2:user-a")).toBe("other");
  });

  it("drops the oldest entry when full", () => {
    const cache = new TtlCache<number>(60_000, 2);
    cache.set("a", 1);
    cache.set("b", 2);
    cache.set("c", 3);
    expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual([undefined, 2, 3]);
  });
});

describe("the hot-cache registry", () => {
  it("applies each kind to the caches that subscribe to it, as they asked", () => {
    const byKey = defineHotCache<string>("registry-test-key", { "registry-thing": "key", "registry-all": "all" }, { ttlMs: 60_000 });
    const byPrefix = defineHotCache<string>("registry-test-prefix", { "registry-thing": "prefix" }, { ttlMs: 60_000 });
    const own = defineHotCache<string>("registry-test-own", { "registry-thing": (cache, id) => cache.delete(`own/${id}`) }, { ttlMs: 60_000 });
    byKey.set("t1", "a");
    byKey.set("t1:x", "b");
    byPrefix.set("t1", "c");
    byPrefix.set("t1:x", "d");
    own.set("own/t1", "e");
    own.set("t1", "f");

    applyInvalidation("registry-thing", "t1");
    expect([byKey.get("t1"), byKey.get("t1:x")]).toEqual([undefined, "b"]);
    expect([byPrefix.get("t1"), byPrefix.get("t1:x")]).toEqual(["c", undefined]);
    expect([own.get("own/t1"), own.get("t1")]).toEqual([undefined, "f"]);

    applyInvalidation("registry-unknown", "t1");
    expect(byKey.get("t1:x")).toBe("b");
    applyInvalidation("registry-all", "anything");
    expect(byKey.get("t1:x")).toBeUndefined();
    expect(byPrefix.get("t1")).toBe("c");

    clearHotCaches();
    expect([byPrefix.get("t1"), own.get("t1")]).toEqual([undefined, undefined]);
  });

  it("gives every caller of one name the same cache", () => {
    const first = defineHotCache<number>("registry-test-same", { "registry-thing": "key" });
    expect(defineHotCache<number>("registry-test-same", {})).toBe(first);
  });
});
