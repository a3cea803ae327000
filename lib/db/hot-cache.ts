import { getEnv } from "@/lib/env";
import { processSingleton } from "@/lib/process-singleton";

/**
 * In-process caches for the invoke hot path, and the registry that keeps them correct. A cache says which
 * invalidation kinds concern it (`defineHotCache`); the writes in lib/db announce kinds (see
 * invalidation.ts), which clear the matching entries here at once and, through LISTEN/NOTIFY, on every
 * other instance sharing the database. The TTL is only a safety net for a message that never came.
 */

/**
 * A small in-process cache. Entries live `ttlMs` at most (read at each write, when it is a function).
 * Concurrent misses for one key share one load, and a load that an invalidation overtook is not stored,
 * so a write is never undone by a slow reader.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();
  private readonly loading = new Map<string, Promise<V>>();

  constructor(
    private readonly ttlMs: number | (() => number),
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V): void {
    if (this.entries.size >= this.maxEntries) {
      // Maps iterate in insertion order: drop the oldest entry.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    const ttlMs = typeof this.ttlMs === "number" ? this.ttlMs : this.ttlMs();
    this.entries.set(key, { value, expiresAt: Date.now() + ttlMs });
  }

  /** The cached value, or the loaded one (cached unless the load fails or is invalidated meanwhile). */
  async getOrLoad(key: string, load: () => Promise<V>): Promise<V> {
    const cached = this.get(key);
    if (cached !== undefined) return cached;
    const pending = this.loading.get(key);
    if (pending) return pending;
    const loaded = load()
      .then((value) => {
        if (this.loading.get(key) === loaded) this.set(key, value);
        return value;
      })
      .finally(() => {
        if (this.loading.get(key) === loaded) this.loading.delete(key);
      });
    this.loading.set(key, loaded);
    return loaded;
  }

  /** Forgets one key, and any load under way for it. */
  delete(key: string): void {
    this.entries.delete(key);
    this.loading.delete(key);
  }

  /** Forgets every entry whose key starts with `prefix`, and any load under way for them. */
  invalidate(prefix: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
    for (const key of this.loading.keys()) if (key.startsWith(prefix)) this.loading.delete(key);
  }

  clear(): void {
    this.entries.clear();
    this.loading.clear();
  }
}

/**
 * What an invalidation of one kind does to a cache, given the announced id: forget the key equal to it,
 * every key starting with `<id>:`, everything, or something of the cache's own.
 */
export type InvalidationEffect<V> = "key" | "prefix" | "all" | ((cache: TtlCache<V>, id: string) => void);

interface RegisteredCache {
  cache: TtlCache<unknown>;
  invalidatedBy: Record<string, InvalidationEffect<unknown>>;
}

// The launcher and Next.js's bundles are separate module graphs in one process: one registry for both.
const registry = processSingleton("hot-cache-registry", () => new Map<string, RegisteredCache>());

/**
 * The process's cache called `name`, created on first use, cleared by the invalidation kinds it names.
 * For example `defineHotCache<Role | null>("roles", { membership: "key" })`.
 */
export function defineHotCache<V>(
  name: string,
  invalidatedBy: Record<string, InvalidationEffect<V>>,
  { ttlMs = () => getEnv().HOT_CACHE_TTL_MS, maxEntries }: { ttlMs?: number | (() => number); maxEntries?: number } = {},
): TtlCache<V> {
  const existing = registry.get(name);
  if (existing) return existing.cache as TtlCache<V>;
  const cache = new TtlCache<V>(ttlMs, maxEntries);
  registry.set(name, { cache: cache as TtlCache<unknown>, invalidatedBy: invalidatedBy as Record<string, InvalidationEffect<unknown>> });
  return cache;
}

/** Applies one invalidation to this process's caches. */
export function applyInvalidation(kind: string, id: string): void {
  for (const { cache, invalidatedBy } of registry.values()) {
    const effect = invalidatedBy[kind];
    if (effect === undefined) continue;
    if (effect === "key") cache.delete(id);
    else if (effect === "prefix") cache.invalidate(`${id}:`);
    else if (effect === "all") cache.clear();
    else effect(cache, id);
  }
}

/** Empties every cache of this process (the listener does this whenever it may have missed a message). */
export function clearHotCaches(): void {
  for (const { cache } of registry.values()) cache.clear();
}
