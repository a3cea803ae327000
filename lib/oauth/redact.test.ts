import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describeUrl, REDACTED, redactSecrets } from "./redact";

describe("redactSecrets", () => {
  it("removes every occurrence of every secret, raw or percent-encoded", () => {
    const text = "token abc/123 then abc%2F123 and abc/123 again, plus other";
    expect(redactSecrets(text, ["abc/123", "other"])).toBe(
      `token ${REDACTED} then ${REDACTED} and ${REDACTED} again, plus ${REDACTED}`,
    );
  });

  it("redacts a longer secret whole even when it contains a shorter one", () => {
    expect(redactSecrets("key=abcdef", ["abc", "abcdef"])).toBe(`key=${REDACTED}`);
  });

  it("ignores empty secrets", () => {
    expect(redactSecrets("unchanged", ["", ""])).toBe("unchanged");
  });

  it("leaves no secret behind, whatever the text around it", () => {
    // Alphanumeric secrets, so that none can be spelled by the marker and its neighbours.
    const secrets = fc.stringMatching(/^[A-Za-z0-9]{1,24}$/).filter((secret) => !REDACTED.includes(secret));
    fc.assert(
      fc.property(secrets, fc.string(), fc.string(), fc.string(), (secret, before, middle, after) => {
        const text = `${before}${secret}${middle}${secret}${secret}${after}`;
        expect(redactSecrets(text, [secret])).not.toContain(secret);
      }),
      { numRuns: 500 },
    );
  });

  it("treats secrets as literal text, not patterns", () => {
    expect(redactSecrets("a.c abc (x)+ $1", ["a.c", "(x)+", "$1"])).toBe(`${REDACTED} abc ${REDACTED} ${REDACTED}`);
  });
});

describe("describeUrl", () => {
  it("keeps origin and path but drops user info, query and fragment", () => {
    expect(describeUrl(new URL("https://user:pw@api.acme.example:8443/v1/items?token=abc#frag"))).toBe(
      "https://api.acme.example:8443/v1/items",
    );
  });
});
