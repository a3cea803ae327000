import { OutboundError } from "@/lib/http";
import { AppError, validationFailed } from "@/lib/errors";
import { checkIssuerIdentifier, discoveryUrls, suggestConfigFromMetadata, type DiscoveredConfig } from "@/lib/oauth";
import { getOutboundClient } from "./outbound";

const DISCOVERY_TIMEOUT_MS = 8_000;
const MAX_METADATA_BYTES = 256 * 1024;

export interface Discovery {
  /** A suggested OAuth config (CONTRACT.md v1.1, `POST /api/v1/oauth/discovery`). */
  config: DiscoveredConfig;
  /** The scopes the server advertises, for the scope prompt. */
  scopesSupported: string[];
  /** Where the metadata was found. */
  metadataUrl: string;
}

/**
 * Reads an authorization server's metadata (OpenID Connect Discovery, then RFC 8414) through the outbound
 * guard and turns it into a suggested config. The document must name the issuer that was asked for.
 */
export async function discoverIssuer(issuer: string): Promise<Discovery> {
  const problem = checkIssuerIdentifier(issuer);
  if (problem) throw validationFailed([{ path: "issuer", message: problem }]);
  const reasons: string[] = [];
  for (const url of discoveryUrls(issuer)) {
    const fetched = await fetchMetadata(url);
    if (!fetched.ok) {
      reasons.push(fetched.message);
      continue;
    }
    const result = suggestConfigFromMetadata(issuer, fetched.document);
    if (!result.ok) throw validationFailed([{ path: "issuer", message: result.message }]);
    return { config: result.config, scopesSupported: result.scopesSupported, metadataUrl: url };
  }
  throw validationFailed([{ path: "issuer", message: `No authorization server metadata was found for this issuer: ${reasons.join("; ")}` }]);
}

async function fetchMetadata(url: string): Promise<{ ok: true; document: unknown } | { ok: false; message: string }> {
  let response;
  try {
    response = await getOutboundClient().request({
      url,
      method: "GET",
      headers: { Accept: "application/json" },
      timeoutMs: DISCOVERY_TIMEOUT_MS,
      maxResponseBytes: MAX_METADATA_BYTES,
    });
  } catch (error) {
    if (error instanceof OutboundError) {
      if (error.code === "blocked_address" || error.code === "invalid_url") throw validationFailed([{ path: "issuer", message: error.message }]);
      return { ok: false, message: `${new URL(url).pathname} could not be reached (${error.message})` };
    }
    throw error;
  }
  if (response.status !== 200) return { ok: false, message: `${new URL(url).pathname} answered HTTP ${response.status}` };
  try {
    return { ok: true, document: JSON.parse(response.body) };
  } catch {
    throw new AppError("validation_failed", "The issuer's metadata is not valid JSON", { issues: [{ path: "issuer", message: "The metadata is not valid JSON" }] });
  }
}
