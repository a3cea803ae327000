"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { CopyButton } from "@/components/installations/copy-button";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field, FormAlert } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import { apiFetch, ApiClientError } from "@/lib/queries/api-client";
import type { Action } from "@/lib/services/access";

type Role = "owner" | "admin" | "member";

export interface MemberRow {
  userId: string;
  email: string;
  name: string | null;
  role: Role;
}

export interface InvitationRow {
  id: string;
  email: string;
  role: Role;
  expiresAt: string;
  invitedBy: string | null;
}

interface MembersPanelProps {
  organization: { id: string; name: string };
  viewerId: string;
  members: MemberRow[];
  invitations: InvitationRow[];
  /** What the viewer's role may do here, from the permission table. */
  actions: Action[];
  /** The roles the viewer may give or take away. */
  assignableRoles: Role[];
}

const ROLE_TONE = { owner: "info", admin: "success", member: "neutral" } as const;

/** Explains a refusal; `last_owner` gets the why and the way out. */
function describe(error: unknown): string {
  if (error instanceof ApiClientError && error.code === "last_owner") {
    return `${error.message}. An organization always keeps at least one owner.`;
  }
  return error instanceof Error ? error.message : "Something went wrong";
}

export function MembersPanel({ organization, viewerId, members, invitations, actions, assignableRoles }: MembersPanelProps) {
  const router = useRouter();
  const toast = useToast();
  const [problem, setProblem] = useState<string | null>(null);
  const [pendingId, setPendingId] = useState<string | null>(null);
  const can = (action: Action) => actions.includes(action);
  const base = `/api/v1/organizations/${organization.id}`;

  const run = async (id: string, work: () => Promise<void>) => {
    setProblem(null);
    setPendingId(id);
    try {
      await work();
    } catch (error) {
      setProblem(describe(error));
    } finally {
      setPendingId(null);
    }
  };

  const changeRole = (member: MemberRow, role: Role) =>
    run(member.userId, async () => {
      await apiFetch(`${base}/members/${member.userId}`, { method: "PATCH", body: { role } });
      toast.success(`${member.name || member.email} is now ${role}`);
      router.refresh();
    });

  const remove = (member: MemberRow) =>
    run(member.userId, async () => {
      await apiFetch(`${base}/members/${member.userId}`, { method: "DELETE" });
      if (member.userId === viewerId) {
        toast.success(`You left ${organization.name}`);
        router.push("/");
      } else {
        toast.success(`${member.name || member.email} is removed from ${organization.name}`);
      }
      router.refresh();
    });

  const revoke = (invitation: InvitationRow) =>
    run(invitation.id, async () => {
      await apiFetch(`${base}/invitations/${invitation.id}`, { method: "DELETE" });
      toast.success(`The invitation for ${invitation.email} is revoked`);
      router.refresh();
    });

  return (
    <div className="space-y-6">
      <div aria-live="polite">{problem && <FormAlert message={problem} />}</div>
      <Card>
        <CardHeader title="Members" description="Everyone in this organization and what they may do." />
        <CardBody>
          <ul className="divide-y divide-slate-100" aria-label="Members">
            {members.map((member) => {
              const isSelf = member.userId === viewerId;
              const mayChange = !isSelf && can("member.changeRole") && assignableRoles.includes(member.role);
              const mayChangeOwn = isSelf && member.role === "owner";
              const mayRemove = !isSelf && can("member.remove") && assignableRoles.includes(member.role);
              const label = member.name || member.email;
              return (
                <li key={member.userId} className="flex flex-wrap items-center justify-between gap-3 py-3" aria-label={member.email}>
                  <div className="min-w-0">
                    <p className="truncate font-medium text-slate-900">
                      {label}
                      {isSelf && <span className="ml-1 text-xs font-normal text-slate-500">(you)</span>}
                    </p>
                    {member.name && <p className="truncate text-sm text-slate-500">{member.email}</p>}
                  </div>
                  <div className="flex items-center gap-2">
                    {mayChange || mayChangeOwn ? (
                      <Select
                        aria-label={`Role of ${member.email}`}
                        value={member.role}
                        disabled={pendingId === member.userId}
                        onChange={(event) => void changeRole(member, event.target.value as Role)}
                        className="w-32"
                      >
                        {(mayChangeOwn ? (["owner", "admin", "member"] as Role[]) : assignableRoles).map((role) => (
                          <option key={role} value={role}>
                            {role}
                          </option>
                        ))}
                      </Select>
                    ) : (
                      <Badge tone={ROLE_TONE[member.role]}>{member.role}</Badge>
                    )}
                    {mayRemove && (
                      <Button variant="secondary" size="sm" aria-label={`Remove ${member.email}`} isPending={pendingId === member.userId} onClick={() => void remove(member)}>
                        Remove
                      </Button>
                    )}
                    {isSelf && (
                      <Button variant="secondary" size="sm" isPending={pendingId === member.userId} onClick={() => void remove(member)}>
                        Leave organization
                      </Button>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
          <p className="mt-3 text-xs text-slate-500">
            Removing someone deletes their connected accounts and tokens in this organization at once; what they did stays in Activity.
          </p>
        </CardBody>
      </Card>
      {can("member.invite") && (
        <>
          <InviteForm organizationId={organization.id} roles={assignableRoles.filter((role) => role !== "owner")} />
          <Card>
            <CardHeader title="Pending invitations" description="Links not used yet; each works once, for 7 days." />
            <CardBody>
              {invitations.length === 0 ? (
                <p className="text-sm text-slate-500">No pending invitations.</p>
              ) : (
                <ul className="divide-y divide-slate-100" aria-label="Pending invitations">
                  {invitations.map((invitation) => (
                    <li key={invitation.id} className="flex flex-wrap items-center justify-between gap-3 py-3" aria-label={invitation.email}>
                      <div className="min-w-0 text-sm">
                        <p className="font-medium text-slate-900">{invitation.email}</p>
                        <p className="text-slate-500">
                          {invitation.role} · expires {new Date(invitation.expiresAt).toLocaleDateString()}
                          {invitation.invitedBy && ` · invited by ${invitation.invitedBy}`}
                        </p>
                      </div>
                      <Button variant="secondary" size="sm" aria-label={`Revoke the invitation for ${invitation.email}`} isPending={pendingId === invitation.id} onClick={() => void revoke(invitation)}>
                        Revoke
                      </Button>
                    </li>
                  ))}
                </ul>
              )}
            </CardBody>
          </Card>
        </>
      )}
    </div>
  );
}

function InviteForm({ organizationId, roles }: { organizationId: string; roles: Role[] }) {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>(roles.includes("member") ? "member" : roles[0]!);
  const [error, setError] = useState<string | null>(null);
  const [emailError, setEmailError] = useState<string | undefined>();
  const [isPending, setPending] = useState(false);
  const [created, setCreated] = useState<{ email: string; role: Role; inviteUrl: string } | null>(null);

  const submit = async () => {
    setError(null);
    setEmailError(undefined);
    setPending(true);
    try {
      const result = await apiFetch<{ inviteUrl: string }>(`/api/v1/organizations/${organizationId}/invitations`, { body: { email, role } });
      setCreated({ email, role, inviteUrl: result.inviteUrl });
      setEmail("");
      router.refresh();
    } catch (caught) {
      const issue = caught instanceof ApiClientError ? caught.issues.find((candidate) => candidate.path === "email") : undefined;
      if (issue) setEmailError(issue.message);
      else setError(describe(caught));
    } finally {
      setPending(false);
    }
  };

  return (
    <Card>
      <CardHeader title="Invite someone" description="Gatehouse sends no email: pass the link on yourself. It works once, for that email, for 7 days." />
      <CardBody className="space-y-4">
        <form
          className="flex flex-wrap items-end gap-3"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          <FormAlert message={error} />
          <Field label="Email" error={emailError} className="min-w-60 flex-1">
            <Input type="email" value={email} onChange={(event) => setEmail(event.target.value)} />
          </Field>
          <Field label="Role" className="w-36">
            <Select value={role} onChange={(event) => setRole(event.target.value as Role)}>
              {roles.map((candidate) => (
                <option key={candidate} value={candidate}>
                  {candidate}
                </option>
              ))}
            </Select>
          </Field>
          <Button type="submit" isPending={isPending}>
            Create invitation link
          </Button>
        </form>
        {created && (
          <div className="space-y-2 rounded-md border border-emerald-200 bg-emerald-50 p-3" role="status">
            <p className="text-sm text-emerald-900">
              Invitation link for <span className="font-medium">{created.email}</span> as {created.role}. It is shown only now: copy it and send it to them.
            </p>
            <div className="flex gap-2">
              <Input readOnly aria-label="Invitation link" value={created.inviteUrl} onFocus={(event) => event.target.select()} />
              <CopyButton text={created.inviteUrl} label="Copy link" />
            </div>
          </div>
        )}
      </CardBody>
    </Card>
  );
}
