import { afterEach, describe, expect, it, vi } from "vitest";
import { createTestAccount } from "@/lib/testing/api";
import { useTestDatabase } from "@/lib/testing/test-database";
import { createInvitation } from "./invitations";
import { setMailSender, type InvitationMail } from "./mail";

useTestDatabase();

afterEach(() => {
  setMailSender(null);
  vi.restoreAllMocks();
});

describe("invitation mail", () => {
  it("hands a configured sender the whole invitation link, as the inviter gets it", async () => {
    const owner = await createTestAccount("owner");
    const sent: InvitationMail[] = [];
    setMailSender({ sendInvitation: async (mail) => void sent.push(mail) });

    const created = await createInvitation(owner.userId, owner.organizationId, { email: "invitee@example.com", role: "admin" });

    expect(sent).toEqual([
      {
        invitationId: created.id,
        to: "invitee@example.com",
        organizationName: expect.stringMatching(/^owner org \d+$/),
        role: "admin",
        inviteUrl: created.inviteUrl,
        expiresAt: new Date(created.expiresAt),
      },
    ]);
    expect(sent[0]!.inviteUrl).toMatch(/^http:\/\/localhost:\d+\/invite\/gh_inv_[\w-]{40,}$/);
  });

  it("without a sender, logs that an invitation exists but never its link or token", async () => {
    const owner = await createTestAccount("owner");
    const lines: string[] = [];
    for (const stream of ["log", "info", "warn", "error"] as const) {
      vi.spyOn(console, stream).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" ")));
    }

    const created = await createInvitation(owner.userId, owner.organizationId, { email: "quiet@example.com", role: "member" });

    const token = decodeURIComponent(created.inviteUrl.split("/invite/")[1]!);
    const logged = lines.join("\n");
    expect(logged).toContain(created.id);
    expect(logged).not.toContain(token);
    expect(logged).not.toContain(token.slice("gh_inv_".length));
    expect(logged).not.toContain("/invite/");
  });
});
