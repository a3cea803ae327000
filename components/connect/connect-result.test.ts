import { describe, expect, it } from "vitest";
import { isConfigurationOutcome } from "./connect-result";

describe("which result pages offer no retry", () => {
  it("treats a refused client or redirect URI as a configuration error, whether at the token endpoint or in the provider's redirect", () => {
    expect(isConfigurationOutcome("config_error")).toBe(true);
    expect(isConfigurationOutcome("provider_error", "invalid_client")).toBe(true);
    expect(isConfigurationOutcome("provider_error", "unauthorized_client")).toBe(true);
    expect(isConfigurationOutcome("provider_error", "redirect_uri_mismatch")).toBe(true);
  });

  it("keeps a retry for what a retry can fix", () => {
    expect(isConfigurationOutcome("provider_error", "server_error")).toBe(false);
    expect(isConfigurationOutcome("provider_error")).toBe(false);
    expect(isConfigurationOutcome("denied", "access_denied")).toBe(false);
    expect(isConfigurationOutcome("unreachable")).toBe(false);
  });
});
