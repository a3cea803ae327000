import { describe, expect, it } from "vitest";
import { POST as acceptRoute } from "@/app/api/v1/invitations/accept/route";
import { GET as activityRoute } from "@/app/api/v1/organizations/[orgId]/activity/route";
import { DELETE as revokeRoute } from "@/app/api/v1/organizations/[orgId]/invitations/[invitationId]/route";
import { GET as listInvitationsRoute, POST as inviteRoute } from "@/app/api/v1/organizations/[orgId]/invitations/route";
import { DELETE as removeRoute, PATCH as changeRoleRoute } from "@/app/api/v1/organizations/[orgId]/members/[userId]/route";
import { GET as membersRoute } from "@/app/api/v1/organizations/[orgId]/members/route";
import { DELETE as deleteOrgRoute, PATCH as renameRoute } from "@/app/api/v1/organizations/[orgId]/route";
import { POST as selectRoute } from "@/app/api/v1/organizations/[orgId]/select/route";
import { POST as createOrgRoute } from "@/app/api/v1/organizations/route";
import { GET as installationRoute } from "@/app/api/v1/installations/[id]/route";
import { POST as invokeRoute } from "@/app/api/v1/installations/[id]/apis/[apiName]/invoke/route";
import { recordAuditEvent } from "@/lib/db/audit";
import { writeSettingValues } from "@/lib/db/setting-values";
import { createPersonalAccessToken, findDashboardPage } from "@/lib/services/accounts";
import { findInstallationPage } from "@/lib/services/installation-pages";
import { acceptInvitation, createInvitation, INVITATION_TTL_MS, previewInvitation } from "@/lib/services/invitations";
import { findActivityPage, findOrganizationPage, getOrganizationContext } from "@/lib/services/organizations";
import { callRoute, createTestAccount } from "@/lib/testing/api";
import { CONTRACT_EXAMPLE } from "@/lib/testing/contract-example";
import { installAppForTest } from "@/lib/testing/installed-app";
import { useTestDatabase } from "@/lib/testing/test-database";

const db = useTestDatabase();

type Member = { userId: string; email: string; token: string };

let counter = 0;
/** A new account (no password: it signs in with a token) added to the organization with a role. */
async function addMember(owner: { organizationId: string }, role: "admin" | "member"): Promise<Member> {
  const email = `${role}-${(counter += 1)}-${Date.now()}@example.com`;
  const user = await db.get().prisma.user.create({ data: { email, name: role, passwordHash: "unusable" } });
  await db.get().prisma.membership.create({ data: { userId: user.id, organizationId: owner.organizationId, role } });
  return { userId: user.id, email, token: await createPersonalAccessToken(user.id, "t") };
}

/** An organization with an owner, an admin and a member. */
async function team() {
  const owner = await createTestAccount("owner");
  return { owner, admin: await addMember(owner, "admin"), member: await addMember(owner, "member"), orgId: owner.organizationId };
}

const call = (route: Parameters<typeof callRoute>[0], token: string | undefined, params: Record<string, string>, body?: unknown, method?: string) =>
  callRoute(route, { token, params, body, method });

describe("POST /api/v1/organizations and PATCH /api/v1/organizations/{orgId}", () => {
  it("creates an organization the caller owns and looks at, and refuses a blank name", async () => {
    const user = await createTestAccount("founder");
    expect((await call(createOrgRoute, undefined, {}, { name: "X" })).status).toBe(401);
    const created = await call(createOrgRoute, user.token, {}, { name: "  Second venture " });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String) });
    const context = await getOrganizationContext(user.userId);
    expect(context.current).toEqual({ id: created.body.id, name: "Second venture", role: "owner" });
    expect(context.organizations).toHaveLength(2);
    expect((await call(createOrgRoute, user.token, {}, { name: " " })).status).toBe(422);
  });

  it("lets only an owner rename: 401, 403 for an admin, 404 for a stranger", async () => {
    const { owner, admin, orgId } = await team();
    const stranger = await createTestAccount("stranger");
    expect((await call(renameRoute, undefined, { orgId }, { name: "N" }, "PATCH")).status).toBe(401);
    expect((await call(renameRoute, admin.token, { orgId }, { name: "N" }, "PATCH")).status).toBe(403);
    expect((await call(renameRoute, stranger.token, { orgId }, { name: "N" }, "PATCH")).status).toBe(404);
    expect((await call(renameRoute, owner.token, { orgId: "nope" }, { name: "N" }, "PATCH")).status).toBe(404);
    const renamed = await call(renameRoute, owner.token, { orgId }, { name: "Renamed" }, "PATCH");
    expect(renamed.status).toBe(200);
    expect((await db.get().prisma.organization.findUniqueOrThrow({ where: { id: orgId } })).name).toBe("Renamed");
  });

  it("selects only an organization the caller belongs to", async () => {
    const { owner, admin } = await team();
    const stranger = await createTestAccount("stranger");
    expect((await call(selectRoute, undefined, { orgId: owner.organizationId }, undefined, "POST")).status).toBe(401);
    expect((await call(selectRoute, stranger.token, { orgId: owner.organizationId }, undefined, "POST")).status).toBe(404);
    expect((await call(selectRoute, admin.token, { orgId: owner.organizationId }, undefined, "POST")).status).toBe(200);
    expect((await getOrganizationContext(admin.userId)).current).toMatchObject({ id: owner.organizationId, role: "admin" });
  });

  it("offers building apps by the role in the organization the user looks at, not in any of theirs", async () => {
    const { orgId } = await team();
    const developer = await createTestAccount("developer");
    await db.get().prisma.membership.create({ data: { userId: developer.userId, organizationId: orgId, role: "member" } });
    expect((await call(selectRoute, developer.token, { orgId: developer.organizationId }, undefined, "POST")).status).toBe(200);
    expect((await findDashboardPage(developer.userId)).canBuild).toBe(true);
    expect((await getOrganizationContext(developer.userId)).actions).toContain("app.create");

    expect((await call(selectRoute, developer.token, { orgId }, undefined, "POST")).status).toBe(200);
    const dashboard = await findDashboardPage(developer.userId);
    expect(dashboard.profile.organizations.map((organization) => organization.role).sort()).toEqual(["member", "owner"]);
    expect(dashboard.canBuild).toBe(false);
    expect((await getOrganizationContext(developer.userId)).actions).not.toContain("app.create");
  });
});

describe("DELETE /api/v1/organizations/{orgId}", () => {
  it("is the owner's alone, asks for the name typed again, and takes installations and their tokens with it", async () => {
    const installed = await installAppForTest(CONTRACT_EXAMPLE, { client_id: "c", client_secret: "s", redirect_uri: "http://localhost/cb" });
    const orgId = installed.organizationId;
    const admin = await addMember(installed, "admin");
    await writeSettingValues(installed.installationId, admin.userId, [{ key: "access_token", value: "at-1", isSecret: true }]);
    const stranger = await createTestAccount("stranger");
    const name = (await db.get().prisma.organization.findUniqueOrThrow({ where: { id: orgId } })).name;

    expect((await call(deleteOrgRoute, undefined, { orgId }, { confirm: name }, "DELETE")).status).toBe(401);
    expect((await call(deleteOrgRoute, admin.token, { orgId }, { confirm: name }, "DELETE")).status).toBe(403);
    expect((await call(deleteOrgRoute, stranger.token, { orgId }, { confirm: name }, "DELETE")).status).toBe(404);
    const wrong = await call(deleteOrgRoute, installed.token, { orgId }, { confirm: "something else" }, "DELETE");
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.details.issues[0].path).toBe("confirm");
    expect(await db.get().prisma.installation.count({ where: { id: installed.installationId } })).toBe(1);

    expect((await call(deleteOrgRoute, installed.token, { orgId }, { confirm: name }, "DELETE")).status).toBe(204);
    expect(await db.get().prisma.installation.count({ where: { id: installed.installationId } })).toBe(0);
    expect(await db.get().prisma.settingValue.count({ where: { installationId: installed.installationId } })).toBe(0);
    expect(await db.get().prisma.app.count({ where: { id: installed.appId } })).toBe(0);
    expect(await db.get().prisma.user.count({ where: { id: admin.userId } })).toBe(1);
  });
});

describe("members", () => {
  it("lists members with roles to any member: 401 and 404 otherwise", async () => {
    const { owner, admin, member, orgId } = await team();
    const stranger = await createTestAccount("stranger");
    expect((await call(membersRoute, undefined, { orgId })).status).toBe(401);
    expect((await call(membersRoute, stranger.token, { orgId })).status).toBe(404);
    const listed = await call(membersRoute, member.token, { orgId });
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([
      { userId: owner.userId, email: owner.email, name: "owner", role: "owner" },
      { userId: admin.userId, email: admin.email, name: "admin", role: "admin" },
      { userId: member.userId, email: member.email, name: "member", role: "member" },
    ]);
  });

  it("lets an owner give any role and an admin only member ↔ admin", async () => {
    const { owner, admin, member, orgId } = await team();
    const patch = (token: string | undefined, userId: string, role: string) => call(changeRoleRoute, token, { orgId, userId }, { role }, "PATCH");
    expect((await patch(undefined, member.userId, "admin")).status).toBe(401);
    expect((await patch(member.token, admin.userId, "member")).status).toBe(403);
    expect((await patch(admin.token, member.userId, "owner")).status).toBe(403);
    expect((await patch(admin.token, owner.userId, "member")).status).toBe(403);
    expect((await patch(admin.token, "no-such-user", "member")).status).toBe(404);
    expect((await patch((await createTestAccount("s")).token, member.userId, "admin")).status).toBe(404);
    expect((await patch(owner.token, member.userId, "superuser")).status).toBe(422);

    const promoted = await patch(admin.token, member.userId, "admin");
    expect(promoted.status).toBe(200);
    expect(promoted.body).toEqual({ userId: member.userId, role: "admin" });
    expect((await patch(owner.token, admin.userId, "owner")).status).toBe(200);
    const roles = await db.get().prisma.membership.findMany({ where: { organizationId: orgId }, select: { userId: true, role: true } });
    expect(Object.fromEntries(roles.map((row) => [row.userId, row.role]))).toEqual({
      [owner.userId]: "owner",
      [admin.userId]: "owner",
      [member.userId]: "admin",
    });
    const events = await db.get().prisma.auditEvent.findMany({ where: { organizationId: orgId, type: "member.role_changed" } });
    expect(events).toHaveLength(2);
  });

  it("refuses to demote or remove the last owner, or let them leave, with 409 last_owner", async () => {
    const { owner, orgId } = await team();
    const demote = await call(changeRoleRoute, owner.token, { orgId, userId: owner.userId }, { role: "admin" }, "PATCH");
    expect(demote.status).toBe(409);
    expect(demote.body.error.code).toBe("last_owner");
    const leave = await call(removeRoute, owner.token, { orgId, userId: owner.userId }, undefined, "DELETE");
    expect(leave.status).toBe(409);
    expect(leave.body.error).toMatchObject({ code: "last_owner", message: expect.stringContaining("last owner") });
    expect(await db.get().prisma.membership.count({ where: { organizationId: orgId, role: "owner" } })).toBe(1);
  });

  it("lets a member leave, an admin remove a member but not an owner, and refuses a member removing anyone", async () => {
    const { owner, admin, member, orgId } = await team();
    const remove = (token: string | undefined, userId: string) => call(removeRoute, token, { orgId, userId }, undefined, "DELETE");
    expect((await remove(undefined, member.userId)).status).toBe(401);
    expect((await remove(member.token, admin.userId)).status).toBe(403);
    expect((await remove(admin.token, owner.userId)).status).toBe(403);
    expect((await remove((await createTestAccount("s")).token, member.userId)).status).toBe(404);
    expect((await remove(admin.token, "no-such-user")).status).toBe(404);
    expect((await remove(member.token, member.userId)).status).toBe(204);
    expect((await remove(admin.token, member.userId)).status).toBe(404);
    const left = await db.get().prisma.auditEvent.findFirstOrThrow({ where: { organizationId: orgId, type: "member.left" } });
    expect(left.userId).toBe(member.userId);
  });
});

describe("removal is complete and immediate", () => {
  it("deletes the member's connections and tokens in that organization only, keeps their events, and answers 404 at once", async () => {
    const installed = await installAppForTest(CONTRACT_EXAMPLE, { client_id: "c", client_secret: "s", redirect_uri: "http://localhost/cb" });
    const other = await installAppForTest(CONTRACT_EXAMPLE, { client_id: "c", client_secret: "s", redirect_uri: "http://localhost/cb" });
    const member = await addMember(installed, "member");
    await db.get().prisma.membership.create({ data: { userId: member.userId, organizationId: other.organizationId, role: "member" } });
    const invoke = () => call(invokeRoute, member.token, { id: installed.installationId, apiName: "list-contacts" }, { params: { limit: 5 } });
    // Before: the member reaches the installation (no tokens usable here, so the API asks to connect).
    // This also fills the hot cache of the member's role, which the removal must clear.
    const before = await invoke();
    expect(before.status, JSON.stringify(before.body)).toBe(409);
    expect(before.body.error.code).toBe("authorization_required");

    for (const installationId of [installed.installationId, other.installationId]) {
      await writeSettingValues(installationId, member.userId, [{ key: "access_token", value: "at", isSecret: true }]);
      await db.get().prisma.connection.create({
        data: { installationId, configName: "acme", userId: member.userId, status: "connected", connectedAt: new Date() },
      });
    }
    await recordAuditEvent({ organizationId: installed.organizationId, installationId: installed.installationId, userId: member.userId, type: "connection.connected", detail: { configName: "acme" } });

    const removed = await call(removeRoute, installed.token, { orgId: installed.organizationId, userId: member.userId }, undefined, "DELETE");
    expect(removed.status).toBe(204);

    expect((await invoke()).status).toBe(404);
    expect((await call(installationRoute, member.token, { id: installed.installationId })).status).toBe(404);
    expect((await call(membersRoute, member.token, { orgId: installed.organizationId })).status).toBe(404);
    expect(await findInstallationPage(member.userId, installed.installationId)).toBeNull();
    expect(await findOrganizationPage(member.userId, installed.organizationId)).toBeNull();

    const prisma = db.get().prisma;
    expect(await prisma.connection.count({ where: { userId: member.userId, installationId: installed.installationId } })).toBe(0);
    expect(await prisma.settingValue.count({ where: { userId: member.userId, installationId: installed.installationId } })).toBe(0);
    expect(await prisma.connection.count({ where: { userId: member.userId, installationId: other.installationId } })).toBe(1);
    expect(await prisma.settingValue.count({ where: { userId: member.userId, installationId: other.installationId } })).toBe(1);
    expect(await prisma.auditEvent.count({ where: { organizationId: installed.organizationId, userId: member.userId, type: "connection.connected" } })).toBe(1);
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { organizationId: installed.organizationId, type: "member.removed" } });
    expect(event.detail).toMatchObject({ memberId: member.userId, connectionsDeleted: 1 });
  });
});

describe("invitations", () => {
  it("answers 401, 403 for a member, 404 for a stranger, and 201 {id, inviteUrl, expiresAt} for an admin; listing them too", async () => {
    const { admin, member, orgId } = await team();
    const stranger = await createTestAccount("stranger");
    const body = { email: "new@example.com", role: "member" };
    expect((await call(inviteRoute, undefined, { orgId }, body)).status).toBe(401);
    expect((await call(inviteRoute, member.token, { orgId }, body)).status).toBe(403);
    expect((await call(inviteRoute, stranger.token, { orgId }, body)).status).toBe(404);
    expect((await call(inviteRoute, admin.token, { orgId }, { email: "x@example.com", role: "owner" })).status).toBe(422);
    expect((await call(inviteRoute, admin.token, { orgId }, { email: member.email, role: "admin" })).status).toBe(409);

    const before = Date.now();
    const created = await call(inviteRoute, admin.token, { orgId }, body);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), inviteUrl: expect.stringMatching(/^http:\/\/localhost:\d+\/invite\/gh_inv_[\w-]{40,}$/), expiresAt: expect.any(String) });
    const ttl = new Date(created.body.expiresAt).getTime() - before;
    expect(ttl).toBeGreaterThanOrEqual(INVITATION_TTL_MS - 1000);
    expect(ttl).toBeLessThanOrEqual(INVITATION_TTL_MS + 60_000);
    const token = decodeURIComponent(created.body.inviteUrl.split("/invite/")[1]);
    const row = await db.get().prisma.invitation.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(row.tokenHash).not.toContain(token);
    expect(token).not.toContain(row.tokenHash);

    expect((await call(listInvitationsRoute, undefined, { orgId })).status).toBe(401);
    expect((await call(listInvitationsRoute, member.token, { orgId })).status).toBe(403);
    expect((await call(listInvitationsRoute, stranger.token, { orgId })).status).toBe(404);
    const listed = await call(listInvitationsRoute, admin.token, { orgId });
    expect(listed.body).toEqual([expect.objectContaining({ id: created.body.id, email: "new@example.com", role: "member" })]);
    expect(JSON.stringify(listed.body)).not.toContain(token);
  });

  it("works once, for the invited email only, and adds the member with the invited role", async () => {
    const { owner, orgId } = await team();
    const invitee = await createTestAccount("invitee");
    const someoneElse = await createTestAccount("else");
    const created = await call(inviteRoute, owner.token, { orgId }, { email: invitee.email.toUpperCase(), role: "admin" });
    const token = decodeURIComponent(created.body.inviteUrl.split("/invite/")[1]);

    expect((await call(acceptRoute, undefined, {}, { token })).status).toBe(401);
    const wrongEmail = await call(acceptRoute, someoneElse.token, {}, { token });
    expect(wrongEmail.status).toBe(403);
    expect(wrongEmail.body.error.message).toContain(invitee.email);
    expect((await call(acceptRoute, invitee.token, {}, { token: "gh_inv_not-a-real-one" })).status).toBe(404);

    const accepted = await call(acceptRoute, invitee.token, {}, { token });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({ organizationId: orgId, role: "admin" });
    expect((await getOrganizationContext(invitee.userId)).current).toMatchObject({ id: orgId, role: "admin" });

    const again = await call(acceptRoute, invitee.token, {}, { token });
    expect(again.status).toBe(409);
    expect((await previewInvitation(token))?.status).toBe("accepted");
    const types = (await db.get().prisma.auditEvent.findMany({ where: { organizationId: orgId } })).map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(["invitation.created", "invitation.accepted", "member.added"]));
  });

  it("lets a new member invoke at once after accepting, though the invoke path had cached them as a stranger", async () => {
    const installed = await installAppForTest(CONTRACT_EXAMPLE, { client_id: "c", client_secret: "s", redirect_uri: "http://localhost/cb" });
    const invitee = await createTestAccount("newcomer");
    const invoke = () => call(invokeRoute, invitee.token, { id: installed.installationId, apiName: "list-contacts" }, { params: { limit: 5 } });
    expect((await invoke()).status).toBe(404);
    const owner = await db.get().prisma.user.findUniqueOrThrow({ where: { id: installed.userId }, select: { id: true } });
    const { inviteUrl } = await createInvitation(owner.id, installed.organizationId, { email: invitee.email, role: "member" });
    await acceptInvitation(invitee.userId, decodeURIComponent(inviteUrl.split("/invite/")[1]!));
    // Not connected yet: the 409 that says so, not the stranger's 404.
    expect((await invoke()).status).toBe(409);
  });

  it("does not work after 7 days, on a clock the test controls", async () => {
    const { owner, orgId } = await team();
    const invitee = await createTestAccount("late");
    const issuedAt = new Date("2026-01-01T00:00:00Z");
    const { inviteUrl } = await createInvitation(owner.userId, orgId, { email: invitee.email, role: "member" }, { now: issuedAt });
    const token = decodeURIComponent(inviteUrl.split("/invite/")[1]!);
    const at = (ms: number) => ({ now: new Date(issuedAt.getTime() + ms) });

    expect((await previewInvitation(token, at(INVITATION_TTL_MS - 1)))?.status).toBe("pending");
    expect((await previewInvitation(token, at(INVITATION_TTL_MS)))?.status).toBe("expired");
    await expect(acceptInvitation(invitee.userId, token, at(INVITATION_TTL_MS + 1))).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("expired") });
    expect(await db.get().prisma.membership.count({ where: { userId: invitee.userId, organizationId: orgId } })).toBe(0);
    await expect(acceptInvitation(invitee.userId, token, at(INVITATION_TTL_MS - 1000))).resolves.toEqual({ organizationId: orgId, role: "member" });
  });

  it("revokes a pending invitation: 403 for a member, 404 for a stranger or an unknown id, then the link is dead", async () => {
    const { owner, member, orgId } = await team();
    const invitee = await createTestAccount("revoked");
    const created = await call(inviteRoute, owner.token, { orgId }, { email: invitee.email, role: "member" });
    const token = decodeURIComponent(created.body.inviteUrl.split("/invite/")[1]);
    const params = { orgId, invitationId: created.body.id };
    expect((await call(revokeRoute, undefined, params, undefined, "DELETE")).status).toBe(401);
    expect((await call(revokeRoute, member.token, params, undefined, "DELETE")).status).toBe(403);
    expect((await call(revokeRoute, (await createTestAccount("s")).token, params, undefined, "DELETE")).status).toBe(404);
    expect((await call(revokeRoute, owner.token, { orgId, invitationId: "nope" }, undefined, "DELETE")).status).toBe(404);
    expect((await call(revokeRoute, owner.token, params, undefined, "DELETE")).status).toBe(204);
    expect((await call(acceptRoute, invitee.token, {}, { token })).status).toBe(404);
  });
});

describe("activity", () => {
  async function teamWithEvents() {
    const installed = await installAppForTest(CONTRACT_EXAMPLE, { client_id: "c", client_secret: "s", redirect_uri: "http://localhost/cb" });
    const alice = await addMember(installed, "member");
    const bob = await addMember(installed, "member");
    const admin = await addMember(installed, "admin");
    const base = { organizationId: installed.organizationId, installationId: installed.installationId };
    await recordAuditEvent({ ...base, userId: alice.userId, type: "connection.connected", detail: { configName: "acme" } });
    await recordAuditEvent({ ...base, userId: bob.userId, type: "connection.connected", detail: { configName: "acme" } });
    await recordAuditEvent({ ...base, userId: alice.userId, type: "installation.settings_changed", detail: { keys: [] } });
    return { installed, alice, bob, admin };
  }

  it("shows owners and admins everything, filtered and paginated on the server; 401 and 404 otherwise", async () => {
    const { installed, admin } = await teamWithEvents();
    const orgId = installed.organizationId;
    expect((await call(activityRoute, undefined, { orgId })).status).toBe(401);
    expect((await call(activityRoute, (await createTestAccount("s")).token, { orgId })).status).toBe(404);
    const all = await call(activityRoute, admin.token, { orgId });
    expect(all.status).toBe(200);
    const types: string[] = all.body.events.map((event: { type: string }) => event.type);
    // The oldest is the app's publish, from the fixture.
    expect(types).toEqual(["installation.settings_changed", "connection.connected", "connection.connected", "app.published"]);

    const connections = await call(activityRoute, admin.token, { orgId }, undefined, "GET");
    expect(connections.body.nextCursor).toBeNull();
    const filtered = await callRoute(activityRoute, { token: admin.token, params: { orgId }, path: "/x?category=connection" });
    expect(filtered.body.events.map((event: { type: string }) => event.type)).toEqual(["connection.connected", "connection.connected"]);

    const seen: string[] = [];
    let cursor: string | null = "";
    while (cursor !== null) {
      const page: { status: number; body: { events: { id: string }[]; nextCursor: string | null } } = await callRoute(activityRoute, {
        token: admin.token,
        params: { orgId },
        path: `/x?limit=2${cursor ? `&before=${cursor}` : ""}`,
      });
      expect(page.body.events.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.events.map((event) => event.id));
      cursor = page.body.nextCursor;
    }
    expect(seen).toEqual(all.body.events.map((event: { id: string }) => event.id));
    expect((await callRoute(activityRoute, { token: admin.token, params: { orgId }, path: "/x?limit=0" })).status).toBe(422);
  });

  it("lists events written within one millisecond in the order they were written", async () => {
    const installed = await installAppForTest(CONTRACT_EXAMPLE, { client_id: "c", client_secret: "s", redirect_uri: "http://localhost/cb" });
    const base = { organizationId: installed.organizationId, installationId: installed.installationId, userId: installed.userId };
    const keys = Array.from({ length: 12 }, (_, index) => `k${index}`);
    // Written without a pause, so several share a millisecond: the newest still comes first.
    for (const key of keys) await recordAuditEvent({ ...base, type: "installation.settings_changed", detail: { keys: [key] } });
    const listed = await callRoute(activityRoute, { token: installed.token, params: { orgId: installed.organizationId }, path: "/x?category=installation&limit=50" });
    const written = listed.body.events.flatMap((event: { type: string; detail: { keys?: string[] } }) => (event.type === "installation.settings_changed" ? (event.detail.keys ?? []) : []));
    expect(written).toEqual([...keys].reverse());
  });

  it("shows a member only their own connection events, in the API and on the installation page", async () => {
    const { installed, alice, bob } = await teamWithEvents();
    const orgId = installed.organizationId;
    const mine = await call(activityRoute, alice.token, { orgId });
    expect(mine.status).toBe(200);
    expect(mine.body.events).toHaveLength(1);
    expect(mine.body.events[0]).toMatchObject({ type: "connection.connected", user: { userId: alice.userId } });
    const asking = await callRoute(activityRoute, { token: alice.token, params: { orgId }, path: `/x?userId=${bob.userId}` });
    expect(asking.body.events).toEqual([]);

    const page = await findInstallationPage(alice.userId, installed.installationId);
    expect(page!.events.map((event) => event.user?.id)).toEqual([alice.userId]);
    const ownerPage = await findInstallationPage(installed.userId, installed.installationId);
    expect(new Set(ownerPage!.events.map((event) => event.user?.id))).toEqual(new Set([alice.userId, bob.userId]));
  });

  it("shows a member only their own connection events on the organization's Activity page, whatever its URL asks", async () => {
    const { installed, alice, admin } = await teamWithEvents();
    const orgId = installed.organizationId;
    const aliceConnected = await db.get().prisma.auditEvent.findFirstOrThrow({ where: { organizationId: orgId, userId: alice.userId, type: "connection.connected" } });

    const page = await findActivityPage(alice.userId, orgId, {});
    expect(page).toMatchObject({ role: "member", seesEverything: false, category: "", nextCursor: null });
    expect(page!.events.map((event) => [event.id, event.type])).toEqual([[aliceConnected.id, "connection.connected"]]);
    expect((await findActivityPage(alice.userId, orgId, { category: "installation" }))!.events).toEqual([]);
    expect((await findActivityPage(alice.userId, orgId, { category: "connection" }))!.events.map((event) => event.id)).toEqual([aliceConnected.id]);

    const adminPage = await findActivityPage(admin.userId, orgId, {});
    expect(adminPage!.seesEverything).toBe(true);
    expect(adminPage!.events.map((event) => event.type)).toEqual(expect.arrayContaining(["installation.settings_changed", "connection.connected", "connection.connected"]));
    expect(await findActivityPage((await createTestAccount("s")).userId, orgId, {})).toBeNull();
  });
});

