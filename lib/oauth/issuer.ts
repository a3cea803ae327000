/** The RFC 9207 parts of an OAuth config. */
export interface IssuerConfig {
  issuer?: string | null;
  requireIss?: boolean | null;
}

export type IssuerCheck = { ok: true } | { ok: false; reason: "iss_mismatch" | "iss_missing"; message: string };

/**
 * RFC 9207 mix-up defence for an authorization response: when the config names its issuer, an `iss`
 * parameter must equal it exactly (simple string comparison, §2.4); with `requireIss`, a response without
 * one is refused too. Runs before any token request.
 */
export function checkCallbackIssuer(config: IssuerConfig, iss: string | undefined): IssuerCheck {
  if (iss === undefined || iss === "") {
    if (config.requireIss) {
      return { ok: false, reason: "iss_missing", message: "The authorization server did not say who it is (no iss parameter), and this app requires it" };
    }
    return { ok: true };
  }
  if (config.issuer && iss !== config.issuer) {
    return { ok: false, reason: "iss_mismatch", message: "The response came from a different authorization server than the one this app expects" };
  }
  return { ok: true };
}
