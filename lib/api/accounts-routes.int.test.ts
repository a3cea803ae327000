import { describe, expect, it } from "vitest";
import { POST as addMember } from "@/app/api/v1/organizations/[orgId]/members/route";
import { GET as me } from "@/app/api/v1/me/route";
import { POST as signup } from "@/app/api/v1/signup/route";
import { POST as createToken } from "@/app/api/v1/tokens/route";
import { GET as health } from "@/app/api/health/route";
import { callRoute, createTestAccount } from "@/lib/testing/api";
import { useTestDatabase } from "@/lib/testing/test-database";

const db = useTestDatabase();

describe("POST /api/v1/signup", () => {
  it("creates a user who owns a new organization", async () => {
    const response = await callRoute(signup, {
      body: { email: "New.Person@Example.com", password: "long enough", organization: "Acme" },
    });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ userId: expect.any(String), organizationId: expect.any(String) });
    const membership = await db.get().prisma.membership.findFirstOrThrow({ where: { userId: response.body.userId } });
    expect(membership).toMatchObject({ organizationId: response.body.organizationId, role: "owner" });
    const user = await db.get().prisma.user.findUniqueOrThrow({ where: { id: response.body.userId } });
    expect(user.email).toBe("new.person@example.com");
    expect(user.passwordHash).not.toContain("long enough");
  });

  it("refuses a second account with the same email with 409", async () => {
    const body = { email: "twice@example.com", password: "long enough", organization: "One" };
    expect((await callRoute(signup, { body })).status).toBe(201);
    const again = await callRoute(signup, { body: { ...body, organization: "Two" } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("conflict");
  });

  it("names every invalid and unknown field with 422", async () => {
    const response = await callRoute(signup, { body: { email: "nope", password: "short", extra: true } });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe("validation_failed");
    const paths = response.body.error.details.issues.map((issue: { path: string }) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(["email", "password", "organization", "extra"]));
  });

  it("answers malformed JSON with 400 in the error shape", async () => {
    const response = await callRoute(signup, { rawBody: "{not json" });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: "bad_request", message: expect.stringContaining("not valid JSON") });
  });
});

describe("GET /api/v1/me and POST /api/v1/tokens", () => {
  it("answers 401 in the error shape without credentials", async () => {
    const response = await callRoute(me);
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
  });

  it("refuses an unknown bearer token", async () => {
    expect((await callRoute(me, { token: "gh_pat_not-a-real-token" })).status).toBe(401);
  });

  it("describes the caller and their organizations for a personal access token", async () => {
    const account = await createTestAccount("me");
    const response = await callRoute(me, { token: account.token });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      id: account.userId,
      email: account.email,
      name: "me",
      organizations: [{ id: account.organizationId, name: expect.any(String), role: "owner" }],
    });
  });

  it("issues a token that works and is stored only as a hash; a token cannot mint another", async () => {
    const account = await createTestAccount("tokens");
    const minted = await callRoute(createToken, { token: account.token, body: { name: "ci" } });
    expect(minted.status).toBe(403);
    const { issuePersonalAccessToken } = await import("@/lib/services/accounts");
    const token = (await issuePersonalAccessToken(account.userId, { name: "ci" })).token;
    expect((await callRoute(me, { token })).body.id).toBe(account.userId);
    const rows = await db.get().prisma.personalAccessToken.findMany({ where: { userId: account.userId } });
    expect(rows.some((row) => row.tokenHash.includes(token) || token.includes(row.tokenHash))).toBe(false);
  });
});

describe("POST /api/v1/organizations/{orgId}/members", () => {
  it("lets an owner add a new member with the role asked for", async () => {
    const owner = await createTestAccount("owner");
    const response = await callRoute(addMember, {
      token: owner.token,
      params: { orgId: owner.organizationId },
      body: { email: "teammate@example.com", password: "long enough", role: "member" },
    });
    expect(response.status).toBe(201);
    const role = await db.get().prisma.membership.findFirstOrThrow({
      where: { userId: response.body.userId, organizationId: owner.organizationId },
    });
    expect(role.role).toBe("member");
  });

  it("answers 403 in the error shape when a member calls it", async () => {
    const owner = await createTestAccount("owner");
    const added = await callRoute(addMember, {
      token: owner.token,
      params: { orgId: owner.organizationId },
      body: { email: `member-${Date.now()}@example.com`, password: "long enough", role: "member" },
    });
    const memberToken = await (await import("@/lib/services/accounts")).createPersonalAccessToken(added.body.userId, "t");
    const response = await callRoute(addMember, {
      token: memberToken,
      params: { orgId: owner.organizationId },
      body: { email: "other@example.com", password: "long enough", role: "admin" },
    });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe("forbidden");
  });

  it("answers 404 for an organization the caller does not belong to", async () => {
    const owner = await createTestAccount("owner");
    const stranger = await createTestAccount("stranger");
    const response = await callRoute(addMember, {
      token: stranger.token,
      params: { orgId: owner.organizationId },
      body: { email: "x@example.com", password: "long enough", role: "member" },
    });
    expect(response.status).toBe(404);
  });

  it("refuses the owner role and a new email without a password with 422", async () => {
    const owner = await createTestAccount("owner");
    const asOwner = await callRoute(addMember, {
      token: owner.token,
      params: { orgId: owner.organizationId },
      body: { email: "y@example.com", password: "long enough", role: "owner" },
    });
    expect(asOwner.status).toBe(422);
    const noPassword = await callRoute(addMember, {
      token: owner.token,
      params: { orgId: owner.organizationId },
      body: { email: "brand-new@example.com", role: "member" },
    });
    expect(noPassword.status).toBe(422);
    expect(noPassword.body.error.details.issues[0].path).toBe("password");
  });

  it("adds an existing account without changing its password, and refuses adding it twice", async () => {
    const owner = await createTestAccount("owner");
    const existing = await createTestAccount("existing");
    const first = await callRoute(addMember, {
      token: owner.token,
      params: { orgId: owner.organizationId },
      body: { email: existing.email, role: "admin" },
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ userId: existing.userId, createdUser: false });
    const second = await callRoute(addMember, {
      token: owner.token,
      params: { orgId: owner.organizationId },
      body: { email: existing.email, role: "admin" },
    });
    expect(second.status).toBe(409);
  });
});

describe("GET /api/health", () => {
  it("says ok when the database answers", async () => {
    const response = await health();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });
});

describe("cross-site requests", () => {
  it("refuses a state-changing call from another site that relies on the session cookie", async () => {
    const response = await callRoute(signup, {
      body: { email: "csrf@example.com", password: "long enough", organization: "X" },
      headers: { origin: "https://evil.example" },
    });
    expect(response.status).toBe(403);
    expect(await db.get().prisma.user.count({ where: { email: "csrf@example.com" } })).toBe(0);
  });

  it("accepts the same call from Gatehouse's own origin", async () => {
    const response = await callRoute(signup, {
      body: { email: "same-origin@example.com", password: "long enough", organization: "X" },
      headers: { origin: "http://localhost:3000" },
    });
    expect(response.status).toBe(201);
  });
});
