"use client";
// Export (-E), join (-J), disable (-d), move to an I/O group (-m) and the copy throttle (-P):
// the actions that change a set's configuration rather than copy data (docs/instant-image.md §3.6,
// §5.4, §6.4). Each input is checked as typed; nothing is sent while it is invalid.
import { useId, useState } from "react";
import { checkThrottleInput } from "@/lib/throttle-input";
import { THROTTLE_LIMITS } from "@/lib/throttle-limits";
import { useTRPC } from "@/trpc/client";
import { ActionButton } from "./action-button";
import { type ActionTarget, targetFacts } from "./action-target";

const inputClass = "rounded-md border border-border bg-background px-2 py-1 text-sm";

export function ExportDisableActions({ t }: { t: ActionTarget }) {
  const trpc = useTRPC();
  const facts = targetFacts(t);
  const base = { host: t.host, target: t.target };
  const exportBlocked = facts.hasDependent
    ? "only independent sets can be exported"
    : facts.isBusy || facts.hasCopyPending
      ? "the shadow is not fully copied; wait for the copy"
      : facts.isExportedOrImported
        ? "already exported or imported"
        : undefined;
  const disableBlocked =
    facts.isBusy && t.sets.some((s) => s.mode === "ind")
      ? "an independent set cannot be disabled mid-copy; wait or abort first"
      : undefined;
  const damaged = facts.hasDependent || facts.hasCopyPending;
  return (
    <div className="flex flex-wrap gap-2">
      <ActionButton
        label="Export shadow"
        title={`Export the shadow of ${t.what}?`}
        confirmLabel="Export"
        options={trpc.set.export.mutationOptions()}
        variables={base}
        jobLabel={`Export of ${t.what}`}
        disabled={exportBlocked !== undefined}
        disabledReason={exportBlocked}
      >
        <p>
          {t.host} stops touching the shadow and drops the set&apos;s claim on it; writes to the master keep being
          tracked in the bitmap.
        </p>
        <p>
          Next: deport the shadow&apos;s disk group, import it on the backup host and import the shadow there with a
          bitmap of its own. Join it back here afterwards.
        </p>
      </ActionButton>
      <ActionButton
        label="Disable set"
        title={`Disable ${t.what}?`}
        confirmLabel="Disable"
        destructive
        options={trpc.set.disable.mutationOptions()}
        variables={base}
        jobLabel={`Disable of ${t.what}`}
        disabled={disableBlocked !== undefined}
        disabledReason={disableBlocked}
      >
        <p>
          The set is removed from {t.host}&apos;s configuration and its bitmap is invalidated; the set&apos;s claim on
          the shadow is dropped, and on the master too when no other set uses it.
        </p>
        {damaged ? (
          <p className="text-danger">
            The shadow is dependent or not fully copied: its blocks 16–127 are zeroed so that a partial shadow cannot be
            mounted by mistake.
          </p>
        ) : (
          <p>The independent shadow keeps its data as an ordinary volume.</p>
        )}
      </ActionButton>
    </div>
  );
}

export function MoveToGroupForm({ t, groups }: { t: ActionTarget & { target: { kind: "sets" } }; groups: string[] }) {
  const trpc = useTRPC();
  const id = useId();
  const current = t.sets[0]?.group ?? "";
  const [group, setGroup] = useState(current);
  const name = group.trim();
  const invalid =
    /\s/.test(name) || name.startsWith("-")
      ? "may not contain spaces or start with '-'"
      : name.length > 63
        ? "is longer than 63 characters"
        : undefined;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor={id} className="text-sm">
          I/O group
        </label>
        <input
          id={id}
          list={`${id}-groups`}
          value={group}
          onChange={(e) => setGroup(e.target.value)}
          placeholder="none"
          aria-invalid={invalid !== undefined}
          aria-describedby={`${id}-error`}
          className={inputClass}
        />
        <datalist id={`${id}-groups`}>
          {groups.map((g) => (
            <option key={g} value={g} />
          ))}
        </datalist>
        <ActionButton
          label={name ? "Move to group" : "Remove from group"}
          title={name ? `Move ${t.what} to group ${name}?` : `Remove ${t.what} from its group?`}
          confirmLabel={name ? "Move" : "Remove"}
          options={trpc.set.move.mutationOptions()}
          variables={{ host: t.host, group: name, sets: t.target.sets }}
          jobLabel={name ? `Move of ${t.what} to group ${name}` : `Removal of ${t.what} from group ${current}`}
          disabled={invalid !== undefined || name === current}
          disabledReason={invalid ?? "already in this group"}
        >
          {name ? (
            <p>
              From now on the set is updated, copied, exported and waited for together with the other sets of{" "}
              <strong>{name}</strong> on {t.host}, at one point in time.
            </p>
          ) : (
            <p>
              The set leaves group <strong>{current}</strong>: group operations no longer include it.
            </p>
          )}
        </ActionButton>
      </div>
      <p id={`${id}-error`} className="text-sm text-danger">
        {invalid ? `Group name ${invalid}.` : ""}
      </p>
    </div>
  );
}

export function ThrottleForm({ t }: { t: ActionTarget }) {
  const trpc = useTRPC();
  const first = t.sets[0]?.throttle;
  const [delay, setDelay] = useState(String(first?.delay ?? THROTTLE_LIMITS.delay.min));
  const [unit, setUnit] = useState(String(first?.unit ?? THROTTLE_LIMITS.unit.max));
  const check = checkThrottleInput(delay, unit);
  const delayId = useId();
  const unitId = useId();
  const field = (
    id: string,
    label: string,
    value: string,
    set: (v: string) => void,
    error: string | undefined,
    hint: string,
  ) => (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm">
        {label} <span className="text-muted">({hint})</span>
      </label>
      <input
        id={id}
        inputMode="numeric"
        value={value}
        onChange={(e) => set(e.target.value)}
        aria-invalid={error !== undefined}
        aria-describedby={`${id}-error`}
        className={`${inputClass} w-32`}
      />
      <p id={`${id}-error`} className="text-xs text-danger">
        {error ?? ""}
      </p>
    </div>
  );
  return (
    <div className="flex flex-wrap items-start gap-4">
      {field(
        delayId,
        "Copy delay",
        delay,
        setDelay,
        check.errors.delay,
        `${THROTTLE_LIMITS.delay.min}–${THROTTLE_LIMITS.delay.max} ticks of 10 ms`,
      )}
      {field(
        unitId,
        "Copy unit",
        unit,
        setUnit,
        check.errors.unit,
        `${THROTTLE_LIMITS.unit.min}–${THROTTLE_LIMITS.unit.max} I/Os`,
      )}
      <div className="pt-6">
        <ActionButton
          label="Set throttle"
          title={`Throttle copies of ${t.what}?`}
          confirmLabel="Set throttle"
          options={trpc.set.params.mutationOptions()}
          variables={{ host: t.host, target: t.target, delay: check.value?.delay ?? 0, unit: check.value?.unit ?? 0 }}
          jobLabel={`Throttle of ${t.what}`}
          disabled={check.value === null}
          disabledReason="fix the values first"
        >
          <p>
            Copies of {t.what} on {t.host} pause {check.value?.delay} ticks ({(check.value?.delay ?? 0) * 10} ms) after
            every {check.value?.unit} copy I/Os, including a copy running now.
          </p>
        </ActionButton>
      </div>
    </div>
  );
}
