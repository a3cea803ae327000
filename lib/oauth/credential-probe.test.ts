import { describe, expect, it } from "vitest";
import { buildCredentialProbe, classifyCredentialProbe, credentialTemplateNames, PROBE_AUTH_CODE } from "./credential-probe";

const answer = (status: number, body: unknown) => ({ status, headers: {}, body: typeof body === "string" ? body : JSON.stringify(body) });

describe("the client credentials probe", () => {
  it("reads invalid_client as refused and invalid_grant as accepted, and anything else as unknown", () => {
    expect(classifyCredentialProbe(answer(401, { error: "invalid_client" }))).toBe("refused");
    expect(classifyCredentialProbe(answer(400, { error: "invalid_client" }))).toBe("refused");
    expect(classifyCredentialProbe(answer(400, { error: "invalid_grant" }))).toBe("accepted");
    expect(classifyCredentialProbe(answer(400, { error: "invalid_request" }))).toBe("unknown");
    expect(classifyCredentialProbe(answer(200, { access_token: "x" }))).toBe("unknown");
    expect(classifyCredentialProbe(answer(500, "<html>oops</html>"))).toBe("unknown");
  });

  it("sends the config's own code exchange with a code that cannot be valid, and a verifier under PKCE", () => {
    const config = {
      tokenUrl: "https://provider.example/token",
      requestBody: '{"grant_type": "authorization_code", "code": "{{auth_code}}", "client_id": {{client_id}}, "client_secret": {{client_secret}}}',
      requestFormat: "json" as const,
      clientAuthentication: "body" as const,
      refreshTokenUrl: "",
      refreshTokenBody: "",
      refreshTokenVariable: "refresh_token",
      pkce: true,
    };
    const request = buildCredentialProbe(config, { client_id: "id", client_secret: "s" });
    const body = JSON.parse(request.body);
    expect(request.url).toBe("https://provider.example/token");
    expect(body).toMatchObject({ code: PROBE_AUTH_CODE, client_id: "id", client_secret: "s" });
    expect(body.code_verifier).toMatch(/^[\w-]{43,128}$/);
  });

  it("names what the client authenticates with: the body's placeholders, and Basic's id and secret", () => {
    expect([...credentialTemplateNames({ requestBody: "code={{auth_code}}&client_id={{app_id}}", clientAuthentication: "body" })]).toEqual(["auth_code", "app_id"]);
    expect(credentialTemplateNames({ requestBody: "code={{auth_code}}", clientAuthentication: "basic" })).toEqual(new Set(["auth_code", "client_id", "client_secret"]));
  });
});
