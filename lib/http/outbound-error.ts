export type OutboundErrorCode =
  | "blocked_address"
  | "invalid_url"
  | "timeout"
  | "too_large"
  | "too_many_redirects"
  | "network";

/** A failed outbound request; its message names the host but has already been stripped of secrets. */
export class OutboundError extends Error {
  readonly code: OutboundErrorCode;

  constructor(code: OutboundErrorCode, message: string) {
    super(message);
    this.name = "OutboundError";
    this.code = code;
  }
}
