/**
 * One instance per process, however many module graphs load this code. The launcher and Next.js's
 * bundles are separate graphs in one process (the launcher serves the invoke fast path itself), and
 * in-process caches and single-flight maps only work if both see the same one.
 */
export function processSingleton<T>(name: string, create: () => T): T {
  const store = globalThis as typeof globalThis & Record<symbol, unknown>;
  const key = Symbol.for(`gatehouse.${name}`);
  if (!(key in store)) store[key] = create();
  return store[key] as T;
}
