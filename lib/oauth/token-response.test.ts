import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { MAX_EXPIRES_IN_SECONDS, parseTokenResponse, type TokenPaths, type TokenResult } from "./token-response";

const now = new Date("2030-01-01T00:00:00.000Z");
const paths: TokenPaths = { accessTokenPath: "$.access_token", refreshTokenPath: "$.refresh_token", expiresInPath: "$.expires_in" };

function parse(body: string, { status = 200, headers = {}, tokenPaths = paths, maxBytes }: { status?: number; headers?: Record<string, string>; tokenPaths?: TokenPaths; maxBytes?: number } = {}): TokenResult {
  return parseTokenResponse({ status, headers, body }, tokenPaths, { now, maxBytes });
}

function failureOf(result: TokenResult) {
  if (result.ok) throw new Error("expected a failure");
  return result.failure;
}

function tokensOf(result: TokenResult) {
  if (!result.ok) throw new Error(`expected tokens, got ${result.failure.message}`);
  return result.tokens;
}

describe("parseTokenResponse: tokens", () => {
  it("reads a standard JSON response and dates the expiry from now", () => {
    expect(tokensOf(parse('{"access_token":"at","refresh_token":"rt","expires_in":3600,"scope":"a b"}'))).toEqual({
      accessToken: "at",
      refreshToken: "rt",
      expiresAt: new Date("2030-01-01T01:00:00.000Z"),
      scope: "a b",
    });
  });

  it("reads a form-encoded response whatever its content type says", () => {
    const result = parse("access_token=gho_1&expires_in=28800&refresh_token=ghr_2&scope=&token_type=bearer", {
      headers: { "Content-Type": "text/html" },
    });
    expect(tokensOf(result)).toMatchObject({ accessToken: "gho_1", refreshToken: "ghr_2", expiresAt: new Date("2030-01-01T08:00:00.000Z") });
  });

  it("reads tokens nested under another object", () => {
    const body = JSON.stringify({ ok: true, authed_user: { access_token: "xoxp", refresh_token: "xoxe", expires_in: 60 } });
    const nested = { accessTokenPath: "$.authed_user.access_token", refreshTokenPath: "$.authed_user.refresh_token", expiresInPath: "$.authed_user.expires_in" };
    expect(tokensOf(parse(body, { tokenPaths: nested }))).toEqual({ accessToken: "xoxp", refreshToken: "xoxe", expiresAt: new Date(now.getTime() + 60_000) });
  });

  it.each([
    ["a numeric string", '"3600"', new Date("2030-01-01T01:00:00.000Z")],
    ["a fraction", "1.5", new Date(now.getTime() + 1500)],
    ["no value at the path", undefined, null],
    ["null", "null", null],
    ["zero, which some providers send for a token that does not expire", "0", null],
  ])("takes an expires_in that is %s", (_, raw, expiresAt) => {
    const body = raw === undefined ? '{"access_token":"at"}' : `{"access_token":"at","expires_in":${raw}}`;
    expect(tokensOf(parse(body)).expiresAt).toEqual(expiresAt);
  });

  it("leaves the expiry unknown when the config has no expiresInPath", () => {
    expect(tokensOf(parse('{"access_token":"at","expires_in":60}', { tokenPaths: { ...paths, expiresInPath: undefined } })).expiresAt).toBeNull();
  });

  it.each([["-1"], ['"-5"'], ['"soon"'], ['"NaN"'], ['"1e3"'], ["1e400"], [String(MAX_EXPIRES_IN_SECONDS + 1)], ["true"], ['{"s": 1}']])(
    "refuses an expires_in of %s",
    (raw) => {
      const failure = failureOf(parse(`{"access_token":"at","expires_in":${raw}}`));
      expect(failure.kind).toBe("bad_response");
      expect(failure.message).toContain("$.expires_in");
    },
  );

  it("has no refresh token when the response carries none, or an empty one", () => {
    expect(tokensOf(parse('{"access_token":"at"}')).refreshToken).toBeNull();
    expect(tokensOf(parse('{"access_token":"at","refresh_token":""}')).refreshToken).toBeNull();
  });

  it("refuses a refresh token that is not a string", () => {
    expect(failureOf(parse('{"access_token":"at","refresh_token":12}')).kind).toBe("bad_response");
  });

  it("names the path and the keys, not the values, when the access token is not where the config says", () => {
    const failure = failureOf(parse('{"data":{"token":"s3cret-token"},"token_type":"bearer"}'));
    expect(failure).toEqual({
      kind: "path_not_found",
      status: 200,
      message: 'accessTokenPath: $.access_token matches nothing; the top-level keys are: "data", "token_type"',
    });
  });

  it.each([['{"access_token":""}'], ['{"access_token":123}'], ['{"access_token":{"v":"x"}}']])("refuses an access token like %s", (body) => {
    expect(failureOf(parse(body)).kind).toBe("bad_response");
  });

  it("reports an invalid configured path as a configuration problem", () => {
    expect(failureOf(parse('{"access_token":"at"}', { tokenPaths: { ...paths, refreshTokenPath: "$..[?(@.x)]" } })).kind).toBe("path_not_found");
  });
});

describe("parseTokenResponse: failures", () => {
  it.each([
    ["GitHub's form-encoded error with HTTP 200", 200, "error=bad_verification_code&error_description=The+code+passed+is+incorrect", "invalid_grant", "bad_verification_code"],
    ["Slack's ok:false with HTTP 200", 200, '{"ok":false,"error":"invalid_code"}', "invalid_grant", "invalid_code"],
    ["an error field with HTTP 200", 200, '{"error":"invalid_client","access_token":"at"}', "invalid_client", "invalid_client"],
    ["invalid_grant", 400, '{"error":"invalid_grant","error_description":"Token revoked"}', "invalid_grant", "invalid_grant"],
    ["unauthorized_client", 400, '{"error":"unauthorized_client"}', "invalid_client", "unauthorized_client"],
    ["invalid_request", 400, '{"error":"invalid_request"}', "provider_error", "invalid_request"],
    ["a 500 with server_error", 500, '{"error":"server_error"}', "server_error", "server_error"],
    ["temporarily_unavailable", 400, '{"error":"temporarily_unavailable"}', "server_error", "temporarily_unavailable"],
  ])("recognises %s", (_, status, body, kind, providerError) => {
    expect(failureOf(parse(body, { status }))).toMatchObject({ kind, status, providerError });
  });

  it("recognises ok:false without an error code", () => {
    expect(failureOf(parse('{"ok":false}'))).toEqual({ kind: "provider_error", status: 200, message: "The token endpoint answered an error (HTTP 200)" });
  });

  it("takes a bare 401 for a failed client authentication", () => {
    expect(failureOf(parse("", { status: 401 })).kind).toBe("invalid_client");
  });

  it("takes a 503 HTML page for a retryable server error and keeps its Retry-After", () => {
    const failure = failureOf(parse("<html><body>Service Unavailable</body></html>", { status: 503, headers: { "retry-after": "30" } }));
    expect(failure).toEqual({ kind: "server_error", status: 503, retryAfterMs: 30_000, message: "The token endpoint answered an error (HTTP 503) with an HTML page" });
  });

  it("reads a 429's Retry-After given as an HTTP date", () => {
    const failure = failureOf(parse("slow down", { status: 429, headers: { "Retry-After": "Tue, 01 Jan 2030 00:02:00 GMT" } }));
    expect(failure).toMatchObject({ kind: "rate_limited", retryAfterMs: 120_000 });
  });

  it("does not repeat an error field that is not an error code", () => {
    const failure = failureOf(parse(JSON.stringify({ error: "the code abc-123 is bad <b>" }), { status: 400 }));
    expect(failure.providerError).toBeUndefined();
    expect(failure.message).not.toContain("abc-123");
  });

  it.each([
    ["an HTML page", "<!doctype html><title>Sign in</title>", "an HTML page"],
    ["an empty body", "  ", "an empty body"],
    ["a JSON array", '["at"]', "a body that is neither a JSON object nor form fields"],
    ["broken JSON", '{"access_token":', "a body that is neither a JSON object nor form fields"],
    ["plain text", "access granted", "a body that is neither a JSON object nor form fields"],
  ])("refuses %s with HTTP 200", (_, body, what) => {
    expect(failureOf(parse(body))).toEqual({ kind: "bad_response", status: 200, message: `The token endpoint answered HTTP 200 with ${what}` });
  });

  it("refuses a body over the size cap", () => {
    const body = JSON.stringify({ access_token: "x".repeat(100) });
    expect(failureOf(parse(body, { maxBytes: 50 })).message).toContain("larger than 50 bytes");
    expect(tokensOf(parse(body, { maxBytes: 200 })).accessToken).toHaveLength(100);
  });

  it("never puts a token from the response into a failure message", () => {
    const token = fc.string({ minLength: 8, unit: "binary" }).filter((t) => t.trim() === t && t.length >= 8);
    fc.assert(
      fc.property(token, token, fc.constantFrom(200, 400, 401, 429, 500, 503), fc.constantFrom("json", "form"), (access, refresh, status, format) => {
        const fields = { access_token: access, refresh_token: refresh, expires_in: access, error_description: refresh };
        const body = format === "json" ? JSON.stringify(fields) : new URLSearchParams(fields).toString();
        const result = parseTokenResponse({ status, headers: {}, body }, paths, { now });
        if (result.ok) return;
        expect(result.failure.message).not.toContain(access);
        expect(result.failure.message).not.toContain(refresh);
      }),
    );
  });
});
