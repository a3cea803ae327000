import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Carries, from the sign-in check inside next-auth's `authorize` to the route around next-auth, that a
 * rate limit refused this attempt and for how long (next-auth itself only passes an error text on).
 */
const refusals = new AsyncLocalStorage<{ retryAfterSeconds?: number }>();

export function recordSignInRefusal(retryAfterSeconds: number): void {
  const store = refusals.getStore();
  if (store) store.retryAfterSeconds = retryAfterSeconds;
}

/** Runs next-auth; returns its response and the refusal recorded while it ran, if any. */
export async function runWithSignInRefusals<T>(run: () => Promise<T>): Promise<{ result: T; retryAfterSeconds?: number }> {
  const store: { retryAfterSeconds?: number } = {};
  const result = await refusals.run(store, run);
  return { result, retryAfterSeconds: store.retryAfterSeconds };
}
