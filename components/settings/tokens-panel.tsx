"use client";

import { useState } from "react";
import { useNow } from "@/components/installations/relative-time";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState, ErrorState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/spinner";
import { useToast } from "@/components/ui/toast";
import { CreateTokenForm } from "./create-token-form";
import { useMyTokens, useRevokeToken, type CreatedToken, type TokenListItem } from "./token-queries";

const formatDate = (iso: string) => new Intl.DateTimeFormat("en", { dateStyle: "medium" }).format(new Date(iso));

function expiryLabel(token: TokenListItem, now: number | null): { text: string; expired: boolean } {
  if (!token.expiresAt) return { text: "Never expires", expired: false };
  const expired = now !== null && Date.parse(token.expiresAt) <= now;
  return { text: `${expired ? "Expired" : "Expires"} ${formatDate(token.expiresAt)}`, expired };
}

/** The caller's personal access tokens: list, create (the secret shown once) and revoke. */
export function TokensPanel() {
  const tokens = useMyTokens();
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [revoking, setRevoking] = useState<TokenListItem | null>(null);

  return (
    <div className="space-y-6">
      <Card>
        <CardHeader title="New token" description="For scripts and tools that call the Gatehouse API. A token cannot create other tokens." />
        <CardBody>
          <CreateTokenForm onCreated={setCreated} />
        </CardBody>
      </Card>

      {created && <NewTokenNotice created={created} onDismiss={() => setCreated(null)} />}

      <section aria-labelledby="tokens-heading" className="space-y-3">
        <h2 id="tokens-heading" className="text-base font-semibold text-slate-900">
          Your tokens
        </h2>
        {tokens.isPending ? (
          <div className="space-y-2" aria-busy="true" aria-label="Loading tokens">
            <Skeleton className="h-14 w-full" />
            <Skeleton className="h-14 w-full" />
          </div>
        ) : tokens.isError ? (
          <ErrorState title="Your tokens could not be loaded" message={tokens.error.message} onRetry={() => void tokens.refetch()} />
        ) : tokens.data.length === 0 ? (
          <EmptyState title="No tokens yet" description="Create one above to call the API from a script." />
        ) : (
          <TokenList tokens={tokens.data} onRevoke={setRevoking} />
        )}
      </section>

      <RevokeDialog token={revoking} onClose={() => setRevoking(null)} />
    </div>
  );
}

function TokenList({ tokens, onRevoke }: { tokens: TokenListItem[]; onRevoke: (token: TokenListItem) => void }) {
  // Expiry labels need the browser's clock; until it is read they show the date alone.
  const now = useNow(60_000);
  return (
    <ul aria-label="Personal access tokens" className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
      {tokens.map((token) => {
        const expiry = expiryLabel(token, now);
        return (
          <li key={token.id} className="flex flex-wrap items-center justify-between gap-3 px-5 py-3">
            <div className="min-w-0">
              <p className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
                <span className="break-words">{token.name}</span>
                <code className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">{token.prefix}…</code>
                {expiry.expired && <Badge tone="danger">Expired</Badge>}
              </p>
              <p className="mt-0.5 text-xs text-slate-500">
                Created {formatDate(token.createdAt)} · {token.lastUsedAt ? `Last used ${formatDate(token.lastUsedAt)}` : "Never used"} ·{" "}
                {expiry.text}
              </p>
            </div>
            <Button variant="secondary" size="sm" onClick={() => onRevoke(token)} aria-label={`Revoke ${token.name}`}>
              Revoke
            </Button>
          </li>
        );
      })}
    </ul>
  );
}

function NewTokenNotice({ created, onDismiss }: { created: CreatedToken; onDismiss: () => void }) {
  const toast = useToast();
  const [copied, setCopied] = useState(false);
  return (
    <div role="status" className="rounded-lg border border-green-200 bg-green-50 px-5 py-4">
      <p className="text-sm font-semibold text-green-900">Copy your new token now: it will not be shown again.</p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <input
          readOnly
          aria-label="New token"
          value={created.token}
          onFocus={(event) => event.currentTarget.select()}
          className="min-w-0 flex-1 rounded-md border border-green-300 bg-white px-3 py-2 font-mono text-sm text-slate-900"
        />
        <Button
          size="sm"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(created.token);
              setCopied(true);
            } catch {
              toast.error("Copying was refused by the browser; select the token and copy it by hand");
            }
          }}
        >
          {copied ? "Copied" : "Copy"}
        </Button>
        <Button size="sm" variant="ghost" onClick={onDismiss}>
          Done
        </Button>
      </div>
      <p className="mt-2 text-xs text-green-800">
        {created.expiresAt ? `It expires ${formatDate(created.expiresAt)}.` : "It never expires; revoke it when it is no longer needed."}
      </p>
    </div>
  );
}

function RevokeDialog({ token, onClose }: { token: TokenListItem | null; onClose: () => void }) {
  const revoke = useRevokeToken();
  const toast = useToast();
  return (
    <Dialog
      open={token !== null}
      onClose={() => {
        revoke.reset();
        onClose();
      }}
      title="Revoke this token?"
      description="Anything that uses it stops working at once."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button
            variant="danger"
            isPending={revoke.isPending}
            onClick={() =>
              token &&
              revoke.mutate(token.id, {
                onSuccess: () => {
                  toast.success(`Revoked ${token.name}`);
                  onClose();
                },
              })
            }
          >
            Revoke token
          </Button>
        </>
      }
    >
      <p className="text-sm text-slate-700">
        <span className="font-medium">{token?.name}</span> <code className="text-xs text-slate-500">{token?.prefix}…</code>
      </p>
      {revoke.isError && (
        <p role="alert" className="mt-3 text-sm text-red-700">
          {revoke.error.message}
        </p>
      )}
    </Dialog>
  );
}
