"use client";
// Admin: a one-time enrolment token for a new host. The token is shown once (the console keeps
// only its hash), with a copy button and the agent config that uses it.
import { HydratedFieldset } from "@/components/hydrated-fieldset";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Button } from "@/components/button";
import { CopyButton } from "@/components/copy-button";
import { Panel } from "@/components/panel";
import { formatUtc } from "@/components/relative-time";
import { useTRPC } from "@/trpc/client";

const inputClass = "w-full rounded-md border border-border bg-background px-3 py-2 text-sm";

export function EnrolmentTokenPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [hostName, setHostName] = useState("");
  const [ttlMinutes, setTtlMinutes] = useState(60);
  const hostId = useId();
  const ttlId = useId();
  const create = useMutation(
    trpc.host.createEnrolmentToken.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.audit.pathFilter()),
    }),
  );
  const created = create.data;

  const config =
    created &&
    JSON.stringify(
      {
        consoleUrl: typeof window === "undefined" ? "" : window.location.origin,
        hostName: created.hostName ?? (hostName || "HOSTNAME"),
        enrolmentToken: created.token,
        stateDir: "/var/lib/pitcrew",
        diskGroupRoots: ["/srv/san"],
      },
      null,
      2,
    );

  return (
    <Panel title="Enrol a new host">
      <form
        className="grid gap-4 sm:grid-cols-[1fr_10rem_auto] sm:items-end"
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate({ hostName: hostName.trim() || null, ttlMinutes });
        }}
      >
        <HydratedFieldset>
          <div className="space-y-1">
            <label htmlFor={hostId} className="block text-sm font-medium">
              Host name (optional)
            </label>
            <input
              id={hostId}
              value={hostName}
              onChange={(e) => setHostName(e.target.value)}
              placeholder="any host"
              className={inputClass}
              aria-describedby={`${hostId}-hint`}
            />
            <p id={`${hostId}-hint`} className="text-xs text-muted">
              With a name, only an agent calling itself that may use the token.
            </p>
          </div>
          <div className="space-y-1 self-start">
            <label htmlFor={ttlId} className="block text-sm font-medium">
              Valid for (minutes)
            </label>
            <input
              id={ttlId}
              type="number"
              min={1}
              max={10080}
              value={ttlMinutes}
              onChange={(e) => setTtlMinutes(Number(e.target.value))}
              className={inputClass}
            />
          </div>
          <Button variant="primary" size="lg" className="self-start sm:mt-6" type="submit" disabled={create.isPending}>
            Create enrolment token
          </Button>
        </HydratedFieldset>
      </form>
      {create.error && (
        <p role="alert" className="mt-3 text-sm text-danger">
          {create.error.message}
        </p>
      )}
      {created && config && (
        <div
          className="mt-4 space-y-3 rounded-md border border-border bg-surface-raised p-4 text-sm"
          aria-live="polite"
        >
          <p className="font-medium">Enrolment token (shown only now; copy it):</p>
          <div className="flex flex-wrap items-center gap-2">
            <code data-testid="enrolment-token" className="break-all rounded bg-background px-2 py-1 font-mono">
              {created.token}
            </code>
            <CopyButton text={created.token} label="Copy token" />
          </div>
          <p className="text-muted">
            {created.hostName ? `Only for host ${created.hostName}; ` : "For any host name; "}
            valid until {formatUtc(created.expiresAt)}, once.
          </p>
          <p>On the new host, put it in the agent&apos;s config file and start the agent:</p>
          <pre className="overflow-x-auto rounded bg-background p-3 font-mono text-xs">{config}</pre>
          <pre className="overflow-x-auto rounded bg-background p-3 font-mono text-xs">
            pitcrew agent --config /etc/pitcrew/agent.json
          </pre>
          <p className="text-muted">
            The agent trades the token for its own credential at its first start; the token then stops working.
          </p>
        </div>
      )}
    </Panel>
  );
}
