"use client";
// The signed-in user's own API tokens, for the CLI (PITCREW_TOKEN) and scripts (Authorization:
// Bearer). A new token is shown once — the console keeps only its hash — with a copy button and
// how to use it; revoking one makes it fail on its next request.
import { HydratedFieldset } from "@/components/hydrated-fieldset";
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { CopyButton } from "@/components/copy-button";
import { Cell, ColumnHeader, DataTable, Row, RowHeader, TableHead } from "@/components/data-table";
import { EmptyState } from "@/components/empty-state";
import { Panel } from "@/components/panel";
import { formatUtc, RelativeTime } from "@/components/relative-time";
import { StatusBadge } from "@/components/status-badge";
import { useTRPC } from "@/trpc/client";

const fieldClass = "w-full rounded-md border border-border bg-background px-2 py-1.5 text-sm";

function tokenStatus(token: { revokedAt: string | null; expiresAt: string | null }) {
  if (token.revokedAt) return <StatusBadge tone="neutral">revoked</StatusBadge>;
  if (token.expiresAt && Date.parse(token.expiresAt) <= Date.now())
    return <StatusBadge tone="warning">expired</StatusBadge>;
  return <StatusBadge tone="success">active</StatusBadge>;
}

export function ApiTokensPanel({ username }: { username: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: tokens } = useSuspenseQuery(trpc.auth.listApiTokens.queryOptions());
  const id = useId();
  const [name, setName] = useState("");
  const [days, setDays] = useState("");
  const [revoking, setRevoking] = useState<{ id: string; name: string } | null>(null);
  const invalidate = () => queryClient.invalidateQueries(trpc.auth.listApiTokens.queryFilter());
  const create = useMutation(
    trpc.auth.createApiToken.mutationOptions({
      onSuccess: () => {
        setName("");
        setDays("");
        void invalidate();
      },
    }),
  );
  const revoke = useMutation(
    trpc.auth.revokeApiToken.mutationOptions({
      onSuccess: () => {
        setRevoking(null);
        void invalidate();
      },
    }),
  );
  const created = create.data;
  const origin = typeof window === "undefined" ? "" : window.location.origin;

  return (
    <Panel title={`API tokens of ${username}`}>
      <div className="space-y-4">
        <form
          aria-label="Create an API token"
          className="grid gap-3 sm:grid-cols-[1fr_12rem_auto] sm:items-end"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ name, ...(days ? { expiresInDays: Number(days) } : {}) });
          }}
        >
          <HydratedFieldset>
            <div className="space-y-1">
              <label htmlFor={`${id}-n`} className="block text-sm font-medium">
                Token name
              </label>
              <input
                id={`${id}-n`}
                required
                maxLength={100}
                value={name}
                onChange={(e) => setName(e.target.value)}
                placeholder="laptop CLI"
                className={fieldClass}
              />
            </div>
            <div className="space-y-1">
              <label htmlFor={`${id}-d`} className="block text-sm font-medium">
                Expires after (days)
              </label>
              <input
                id={`${id}-d`}
                type="number"
                min={1}
                max={3650}
                value={days}
                onChange={(e) => setDays(e.target.value)}
                placeholder="never"
                className={fieldClass}
              />
            </div>
            <Button variant="primary" size="lg" type="submit" disabled={create.isPending}>
              Create token
            </Button>
          </HydratedFieldset>
        </form>
        {create.error && (
          <p role="alert" className="text-sm text-danger">
            {create.error.message}
          </p>
        )}
        {created && (
          <div
            className="space-y-3 rounded-md border border-border bg-surface-raised p-4 text-sm"
            aria-live="polite"
            data-testid="new-api-token"
          >
            <p className="font-medium">Token {created.name} (shown only now; copy it):</p>
            <div className="flex flex-wrap items-center gap-2">
              <code data-testid="api-token" className="break-all rounded bg-background px-2 py-1 font-mono">
                {created.token}
              </code>
              <CopyButton text={created.token} label="Copy token" />
            </div>
            <p>Use it with the CLI:</p>
            <pre className="overflow-x-auto rounded bg-background p-3 font-mono text-xs">{`export PITCREW_URL=${origin} PITCREW_TOKEN=${created.token}\n./bin/pitcrew.js iiadm -H prod -l`}</pre>
            <p className="text-muted">
              or as <code className="font-mono">Authorization: Bearer …</code> on{" "}
              <code className="font-mono">/api/trpc</code>.
              {created.expiresAt
                ? ` Valid until ${formatUtc(created.expiresAt)}.`
                : " It does not expire; revoke it when no longer needed."}
            </p>
          </div>
        )}
        {tokens.length === 0 ? (
          <EmptyState title="No API tokens yet">Create one for the command line or a script.</EmptyState>
        ) : (
          <DataTable caption="Your API tokens, newest first">
            <TableHead>
              <ColumnHeader>Name</ColumnHeader>
              <ColumnHeader>Status</ColumnHeader>
              <ColumnHeader>Created</ColumnHeader>
              <ColumnHeader>Last used</ColumnHeader>
              <ColumnHeader>Expires</ColumnHeader>
              <ColumnHeader>
                <span className="sr-only">Actions</span>
              </ColumnHeader>
            </TableHead>
            <tbody>
              {tokens.map((token) => (
                <Row key={token.id} data-token={token.name}>
                  <RowHeader>{token.name}</RowHeader>
                  <Cell>{tokenStatus(token)}</Cell>
                  <Cell>
                    <RelativeTime iso={token.createdAt} />
                  </Cell>
                  <Cell>
                    <RelativeTime iso={token.lastUsedAt} />
                  </Cell>
                  <Cell>
                    {token.expiresAt ? (
                      <span title={formatUtc(token.expiresAt)}>{formatUtc(token.expiresAt).slice(0, 10)}</span>
                    ) : (
                      <span className="text-muted">never</span>
                    )}
                  </Cell>
                  <Cell align="right">
                    {!token.revokedAt && (
                      <Button size="sm" onClick={() => setRevoking({ id: token.id, name: token.name })}>
                        Revoke<span className="sr-only"> {token.name}</span>
                      </Button>
                    )}
                  </Cell>
                </Row>
              ))}
            </tbody>
          </DataTable>
        )}
      </div>
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke token ${revoking?.name}?`}
        confirmLabel="Revoke token"
        destructive
        pending={revoke.isPending}
        error={revoke.error?.message ?? null}
        onCancel={() => {
          setRevoking(null);
          revoke.reset();
        }}
        onConfirm={() => revoking && revoke.mutate({ tokenId: revoking.id })}
      >
        <p>
          Every CLI or script using it is refused from its next request. This cannot be undone; create a new token
          instead.
        </p>
      </ConfirmDialog>
    </Panel>
  );
}
