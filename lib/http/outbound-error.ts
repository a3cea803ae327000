export type OutboundErrorCode =
  | "blocked_address"
  | "invalid_url"
  | "timeout"
  | "too_large"
  | "too_many_redirects"
  | "network";

const BRAND = Symbol.for("gatehouse.OutboundError");

/**
 * A failed outbound request; its message names the host but has already been stripped of secrets.
 * `instanceof` goes by a brand rather than the class: under `npm start` the launcher's code and Next.js's
 * bundles are two copies of this module in one process, sharing one outbound client, so an error thrown
 * by one copy must still be recognised by the other (it would otherwise surface as a 500).
 */
export class OutboundError extends Error {
  readonly code: OutboundErrorCode;
  readonly [BRAND] = true;

  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  constructor(code: OutboundErrorCode, message: string) {
    super(message);
    this.name = "OutboundError";
    this.code = code;
  }
}
