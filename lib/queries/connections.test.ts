import { describe, expect, it } from "vitest";
import { describeRevocation, readRevocationOutcome } from "./connections";

describe("what a disconnect says about the provider", () => {
  it("reads each Gatehouse-Revocation value the API sends, and nothing else", () => {
    expect(describeRevocation(readRevocationOutcome("revoked"))).toBe("The provider was told to revoke access.");
    expect(describeRevocation(readRevocationOutcome("unreachable"))).toBe("The provider could not be reached; the tokens were deleted here.");
    expect(describeRevocation(readRevocationOutcome("not_configured"))).toBe("This provider has no revocation URL.");
    expect(describeRevocation(readRevocationOutcome("refused"))).toMatch(/refused.*the tokens were deleted here/);
    expect(readRevocationOutcome(null)).toBeNull();
    expect(readRevocationOutcome("REVOKED")).toBeNull();
    expect(describeRevocation(null)).toBeNull();
  });
});
