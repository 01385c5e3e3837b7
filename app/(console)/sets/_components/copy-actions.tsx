"use client";
// Update and full copy in both directions (iiadm -u/-c s|m, docs/instant-image.md §3.5), abort (-a)
// and wait (-w). Each dialog says what moves where and what is lost; a copy to the master asks
// for the set's (or group's) name typed out, because it overwrites live data.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/button";
import { formatByteSize } from "@/lib/byte-size";
import { percentOfBitmapSet } from "@/lib/set-status";
import { useTRPC } from "@/trpc/client";
import { ActionButton } from "./action-button";
import { type ActionTarget, targetFacts } from "./action-target";

export function CopyActions({ t }: { t: ActionTarget }) {
  const trpc = useTRPC();
  const facts = targetFacts(t);
  const blocked = facts.isBusy
    ? "a copy is running; wait for it or abort it"
    : facts.isExportedOrImported
      ? "the shadow is exported or imported"
      : facts.isOffline
        ? "a volume is offline; reset the set first"
        : undefined;
  const toMasterBlocked =
    blocked ?? (facts.hasCopyPending ? "a stopped copy is pending; finish it in its direction first" : undefined);
  const base = { host: t.host, target: t.target };
  const size = formatByteSize(facts.totalBytes);
  const changed = Math.max(...t.sets.map((s) => percentOfBitmapSet(s)));

  return (
    <div className="flex flex-wrap gap-2">
      <ActionButton
        label="Update to shadow"
        title={`Update the shadow of ${t.what}?`}
        confirmLabel="Update shadow"
        options={trpc.set.update.mutationOptions()}
        variables={{ ...base, direction: "s" as const }}
        jobLabel={`Update of ${t.what} to shadow`}
        disabled={blocked !== undefined}
        disabledReason={blocked}
      >
        <p>
          A new point in time is taken now on <strong>{t.host}</strong>.
        </p>
        {facts.hasDependent && <p>Dependent shadows copy nothing: they become a view of the master as it is now.</p>}
        {t.sets.some((s) => s.mode === "ind") && (
          <p>
            Independent shadows receive only the chunks changed since the last point in time (bitmap {changed} % set),
            master → shadow. A shadow is inconsistent until its copy ends.
          </p>
        )}
      </ActionButton>
      <ActionButton
        label="Full copy to shadow"
        title={`Copy all of the master to the shadow of ${t.what}?`}
        confirmLabel="Copy to shadow"
        options={trpc.set.copy.mutationOptions()}
        variables={{ ...base, direction: "s" as const }}
        jobLabel={`Full copy of ${t.what} to shadow`}
        disabled={blocked !== undefined}
        disabledReason={blocked}
      >
        <p>
          Every chunk ({size}) is copied master → shadow on <strong>{t.host}</strong>, whatever the bitmaps say. The
          shadow&apos;s current contents are overwritten and it is inconsistent until the copy ends.
        </p>
      </ActionButton>
      <ActionButton
        label="Update to master"
        title={`Update the master from the shadow of ${t.what}?`}
        confirmLabel="Overwrite master"
        destructive
        typedConfirmation={t.name}
        options={trpc.set.update.mutationOptions()}
        variables={{ ...base, direction: "m" as const }}
        jobLabel={`Update of ${t.what} to master`}
        disabled={toMasterBlocked !== undefined}
        disabledReason={toMasterBlocked}
      >
        <p>
          The chunks that differ between master and shadow are copied <strong>shadow → master</strong> on {t.host}:
          every write to the master since the last point in time is lost.
        </p>
        <p>Stop the applications using the master first; it is inconsistent until the copy ends.</p>
      </ActionButton>
      <ActionButton
        label="Full copy to master"
        title={`Overwrite all of the master from the shadow of ${t.what}?`}
        confirmLabel="Overwrite master"
        destructive
        typedConfirmation={t.name}
        options={trpc.set.copy.mutationOptions()}
        variables={{ ...base, direction: "m" as const }}
        jobLabel={`Full copy of ${t.what} to master`}
        disabled={toMasterBlocked !== undefined}
        disabledReason={toMasterBlocked}
      >
        <p>
          Every chunk ({size}) of the master is overwritten with the shadow&apos;s contents on {t.host}. Nothing written
          to the master since the last point in time survives.
        </p>
        <p>Stop the applications using the master first; it is inconsistent until the copy ends.</p>
      </ActionButton>
      <ActionButton
        label="Abort copy"
        title={`Abort the copy of ${t.what}?`}
        confirmLabel="Abort copy"
        destructive
        options={trpc.set.abort.mutationOptions()}
        variables={base}
        toJob={(r) => r.job ?? r.cancelled[0] ?? null}
        jobLabel={`Abort of ${t.what}`}
        disabled={!facts.isBusy}
        disabledReason="no copy is running"
      >
        <p>
          The running copy stops at a chunk boundary. The set is left &ldquo;copy not active&rdquo;: the target volume
          is inconsistent until another copy or update in the same direction completes.
        </p>
      </ActionButton>
      <WaitButton t={t} />
    </div>
  );
}

/**
 * iiadm -w: asks set.wait (a 20 s long-poll) again until every set is settled as its host reports
 * it; "done" only when each copy completed, never from a report older than the host's last job.
 */
function WaitButton({ t }: { t: ActionTarget }) {
  const trpc = useTRPC();
  const [waiting, setWaiting] = useState(false);
  const wait = useQuery({
    ...trpc.set.wait.queryOptions({ host: t.host, target: t.target, timeoutSeconds: 20 }),
    enabled: waiting,
    staleTime: 0,
    gcTime: 0,
    refetchInterval: (query) => (query.state.data?.done ? false : 1),
  });
  const done = waiting && wait.data?.done === true;
  const incomplete = done
    ? wait.data!.sets.flatMap((s) => (s.verdict.state === "incomplete" ? [`${s.shadow}: ${s.verdict.why}`] : []))
    : [];
  const unknown = wait.data?.sets.find((s) => s.verdict.state === "unknown");
  return (
    <span className="inline-flex items-center gap-2">
      <Button onClick={() => (waiting ? void wait.refetch() : setWaiting(true))} disabled={waiting && !done}>
        Wait for copy
      </Button>
      <span role="status" className="text-sm text-muted">
        {!waiting ? (
          ""
        ) : wait.error ? (
          <span className="text-danger">{wait.error.message}</span>
        ) : incomplete.length ? (
          <span className="text-danger">Copy did not complete: {incomplete.join("; ")}</span>
        ) : done ? (
          "Done: the copy completed."
        ) : unknown?.verdict.state === "unknown" ? (
          `Waiting: ${unknown.shadow}: ${unknown.verdict.why}`
        ) : (
          "Waiting for the copy to end…"
        )}
      </span>
    </span>
  );
}
