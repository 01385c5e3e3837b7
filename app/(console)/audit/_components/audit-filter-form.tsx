"use client";
// The audit log's filters, kept in the URL (/audit?action=job.create&result=refused) so a filtered
// view can be bookmarked and shared. Text fields apply on submit; the result select at once.
// Times are UTC, like every time the console prints.
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Button } from "@/components/button";
import { HydratedFieldset } from "@/components/hydrated-fieldset";
import {
  type AuditFilters,
  auditFiltersQuery,
  auditResults,
  hasAuditFilters,
  isoToLocalInput,
  localInputToIso,
} from "@/lib/audit-filters";

const fieldClass = "w-full rounded-md border border-border bg-background px-2 py-1 text-sm";

/** Actions written by server/ (writeAuditEntry callers), offered as suggestions. */
const knownActions = [
  "auth.sign-in",
  "auth.sign-out",
  "auth.api-token.create",
  "auth.api-token.revoke",
  "user.create",
  "user.set-role",
  "user.disable",
  "user.bootstrap-admin",
  "job.create",
  "job.cancel",
  "job.claim",
  "job.finish",
  "agent.enrol",
  "agent.enrolment-token.create",
  "agent.credential.revoke",
];

export function AuditFilterForm({ filters }: { filters: AuditFilters }) {
  const router = useRouter();
  const id = useId();
  const [draft, setDraft] = useState({
    action: filters.action ?? "",
    actor: filters.actor ?? "",
    object: filters.object ?? "",
    since: isoToLocalInput(filters.since),
    until: isoToLocalInput(filters.until),
  });

  function go(next: AuditFilters) {
    router.push(`/audit${auditFiltersQuery(next)}`);
  }
  function fromDraft(): AuditFilters {
    return {
      action: draft.action.trim() || undefined,
      actor: draft.actor.trim() || undefined,
      object: draft.object.trim() || undefined,
      result: filters.result,
      since: localInputToIso(draft.since),
      until: localInputToIso(draft.until),
    };
  }
  const text = (key: "action" | "actor" | "object", label: string, extra: React.ComponentProps<"input"> = {}) => (
    <div className="space-y-1">
      <label htmlFor={`${id}-${key}`} className="block text-xs font-medium text-muted">
        {label}
      </label>
      <input
        id={`${id}-${key}`}
        value={draft[key]}
        onChange={(e) => setDraft((d) => ({ ...d, [key]: e.target.value }))}
        className={fieldClass}
        {...extra}
      />
    </div>
  );

  return (
    <form
      role="search"
      aria-label="Filter the audit log"
      className="grid gap-3 rounded-lg border border-border bg-surface p-4 sm:grid-cols-3 lg:grid-cols-[repeat(6,minmax(0,1fr))_auto]"
      onSubmit={(e) => {
        e.preventDefault();
        go(fromDraft());
      }}
    >
      <HydratedFieldset>
        {text("action", "Action", { list: `${id}-actions`, placeholder: "job.create", spellCheck: false })}
        <datalist id={`${id}-actions`}>
          {knownActions.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
        {text("actor", "Actor", { placeholder: "user, host or system", spellCheck: false })}
        <div className="space-y-1">
          <label htmlFor={`${id}-result`} className="block text-xs font-medium text-muted">
            Result
          </label>
          <select
            id={`${id}-result`}
            value={filters.result ?? ""}
            onChange={(e) => go({ ...fromDraft(), result: auditResults.find((r) => r === e.target.value) })}
            className={fieldClass}
          >
            <option value="">Any result</option>
            {auditResults.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        {text("object", "Object contains", { placeholder: "job …, user …", spellCheck: false })}
        <div className="space-y-1">
          <label htmlFor={`${id}-since`} className="block text-xs font-medium text-muted">
            From (UTC)
          </label>
          <input
            id={`${id}-since`}
            type="datetime-local"
            value={draft.since}
            onChange={(e) => setDraft((d) => ({ ...d, since: e.target.value }))}
            className={fieldClass}
          />
        </div>
        <div className="space-y-1">
          <label htmlFor={`${id}-until`} className="block text-xs font-medium text-muted">
            Until (UTC)
          </label>
          <input
            id={`${id}-until`}
            type="datetime-local"
            value={draft.until}
            onChange={(e) => setDraft((d) => ({ ...d, until: e.target.value }))}
            className={fieldClass}
          />
        </div>
        <div className="flex items-end gap-2">
          <Button variant="primary" type="submit">
            Apply
          </Button>
          {hasAuditFilters(filters) && <Button onClick={() => go({})}>Clear</Button>}
        </div>
      </HydratedFieldset>
    </form>
  );
}
