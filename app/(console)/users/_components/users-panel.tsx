"use client";
// Admin: the console's users. Create with a role, change a role, disable, enable again; each change goes through
// a confirm dialog that shows the server's refusal (e.g. the last enabled admin).
import { HydratedFieldset } from "@/components/hydrated-fieldset";
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Cell, ColumnHeader, DataTable, Row, RowHeader, TableHead } from "@/components/data-table";
import { Panel } from "@/components/panel";
import { RelativeTime } from "@/components/relative-time";
import { StatusBadge } from "@/components/status-badge";
import { type Role, roles } from "@/lib/roles";
import { useTRPC } from "@/trpc/client";

const fieldClass = "w-full rounded-md border border-border bg-background px-2 py-1.5 text-sm";

type Pending =
  | { kind: "role"; userId: string; username: string; role: Role }
  | { kind: "disable" | "enable"; userId: string; username: string };

export function UsersPanel({ currentUserId }: { currentUserId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: users } = useSuspenseQuery(trpc.auth.users.list.queryOptions());
  const [pending, setPending] = useState<Pending | null>(null);
  const invalidate = () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.auth.users.pathFilter()),
      queryClient.invalidateQueries(trpc.audit.pathFilter()),
    ]);
  const setRole = useMutation(
    trpc.auth.users.setRole.mutationOptions({
      onSuccess: () => {
        setPending(null);
        void invalidate();
      },
    }),
  );
  const disable = useMutation(
    trpc.auth.users.disable.mutationOptions({
      onSuccess: () => {
        setPending(null);
        void invalidate();
      },
    }),
  );
  const enable = useMutation(
    trpc.auth.users.enable.mutationOptions({
      onSuccess: () => {
        setPending(null);
        void invalidate();
      },
    }),
  );
  const active = pending?.kind === "role" ? setRole : pending?.kind === "enable" ? enable : disable;

  function close() {
    setPending(null);
    setRole.reset();
    disable.reset();
    enable.reset();
  }

  return (
    <Panel title="Users">
      <div className="space-y-6">
        <DataTable caption="Users">
          <TableHead>
            <ColumnHeader>User</ColumnHeader>
            <ColumnHeader>Role</ColumnHeader>
            <ColumnHeader>Status</ColumnHeader>
            <ColumnHeader>Created</ColumnHeader>
            <ColumnHeader>
              <span className="sr-only">Actions</span>
            </ColumnHeader>
          </TableHead>
          <tbody>
            {users.map((user) => (
              <Row key={user.id} data-user={user.username}>
                <RowHeader>
                  {user.username}
                  {user.id === currentUserId && <span className="font-normal text-muted"> (you)</span>}
                </RowHeader>
                <Cell>
                  <select
                    aria-label={`Role of ${user.username}`}
                    value={user.role}
                    disabled={user.disabledAt !== null}
                    onChange={(e) =>
                      setPending({
                        kind: "role",
                        userId: user.id,
                        username: user.username,
                        role: e.target.value as Role,
                      })
                    }
                    className="rounded-md border border-border bg-background px-2 py-1 text-sm"
                  >
                    {roles.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                </Cell>
                <Cell>
                  {user.disabledAt ? (
                    <StatusBadge tone="neutral">disabled</StatusBadge>
                  ) : (
                    <StatusBadge tone="success">enabled</StatusBadge>
                  )}
                </Cell>
                <Cell>
                  <RelativeTime iso={user.createdAt} />
                </Cell>
                <Cell align="right">
                  <Button
                    size="sm"
                    onClick={() =>
                      setPending({
                        kind: user.disabledAt ? "enable" : "disable",
                        userId: user.id,
                        username: user.username,
                      })
                    }
                  >
                    {user.disabledAt ? "Enable" : "Disable"}
                    <span className="sr-only"> {user.username}</span>
                  </Button>
                </Cell>
              </Row>
            ))}
          </tbody>
        </DataTable>
        <CreateUserForm onCreated={invalidate} />
      </div>
      <ConfirmDialog
        open={pending !== null}
        title={
          pending?.kind === "role"
            ? `Make ${pending.username} ${/^[aeiou]/.test(pending.role) ? "an" : "a"} ${pending.role}?`
            : pending?.kind === "enable"
              ? `Enable ${pending.username} again?`
              : `Disable ${pending?.username}?`
        }
        confirmLabel={
          pending?.kind === "role" ? "Change role" : pending?.kind === "enable" ? "Enable user" : "Disable user"
        }
        destructive={pending?.kind === "disable"}
        pending={active.isPending}
        error={active.error?.message ?? null}
        onCancel={close}
        onConfirm={() => {
          if (pending?.kind === "role") setRole.mutate({ userId: pending.userId, role: pending.role });
          if (pending?.kind === "disable") disable.mutate({ userId: pending.userId });
          if (pending?.kind === "enable") enable.mutate({ userId: pending.userId });
        }}
      >
        {pending?.kind === "role" ? (
          <p>
            {pending.username} gets the {pending.role} role from their next request. Viewers read; operators also run
            jobs; admins also manage users, hosts and the audit log.
          </p>
        ) : pending?.kind === "enable" ? (
          <p>{pending.username} can sign in again with their password; API tokens they did not revoke work again.</p>
        ) : (
          <p>
            {pending?.username} can no longer sign in; their sessions and API tokens stop working at once. The account
            stays for the audit log.
          </p>
        )}
      </ConfirmDialog>
    </Panel>
  );
}

function CreateUserForm({ onCreated }: { onCreated: () => unknown }) {
  const trpc = useTRPC();
  const id = useId();
  const [form, setForm] = useState({ username: "", password: "", role: "viewer" as Role });
  const create = useMutation(
    trpc.auth.users.create.mutationOptions({
      onSuccess: () => {
        setForm({ username: "", password: "", role: "viewer" });
        void onCreated();
      },
    }),
  );
  return (
    <form
      aria-label="Create a user"
      className="grid gap-3 border-t border-border pt-4 sm:grid-cols-[1fr_1fr_10rem_auto] sm:items-end"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate(form);
      }}
    >
      <HydratedFieldset>
        <div className="space-y-1">
          <label htmlFor={`${id}-u`} className="block text-sm font-medium">
            Username
          </label>
          <input
            id={`${id}-u`}
            required
            autoComplete="off"
            value={form.username}
            onChange={(e) => setForm((f) => ({ ...f, username: e.target.value }))}
            className={fieldClass}
          />
        </div>
        <div className="space-y-1">
          <label htmlFor={`${id}-p`} className="block text-sm font-medium">
            Initial password
          </label>
          <input
            id={`${id}-p`}
            required
            type="password"
            autoComplete="new-password"
            value={form.password}
            onChange={(e) => setForm((f) => ({ ...f, password: e.target.value }))}
            className={fieldClass}
          />
        </div>
        <div className="space-y-1">
          <label htmlFor={`${id}-r`} className="block text-sm font-medium">
            Role
          </label>
          <select
            id={`${id}-r`}
            value={form.role}
            onChange={(e) => setForm((f) => ({ ...f, role: e.target.value as Role }))}
            className={fieldClass}
          >
            {roles.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <Button variant="primary" size="lg" type="submit" disabled={create.isPending}>
          Create user
        </Button>
        {create.error && (
          <p role="alert" className="text-sm text-danger sm:col-span-4">
            {create.error.message}
          </p>
        )}
        {create.data && (
          <p role="status" className="text-sm text-success sm:col-span-4">
            Created {create.data.username} ({create.data.role}).
          </p>
        )}
      </HydratedFieldset>
    </form>
  );
}
