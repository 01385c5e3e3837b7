"use client";
// iiadm -e from the inventory: every change re-runs lib/set-enable-form's checks, errors sit under
// their field, and the enable button stays disabled (nothing is sent) until the set is valid.
// The consistency mode the set would get is shown as soon as master and shadow are chosen.
import { HydratedFieldset } from "@/components/hydrated-fieldset";
import { useId, useState } from "react";
import { ActionButton } from "@/app/(console)/sets/_components/action-button";
import { minBitmapBytes } from "@/lib/bitmap-size";
import { formatByteSize } from "@/lib/byte-size";
import { checkEnableForm, type EnableCandidate, type EnableFormValues } from "@/lib/set-enable-form";
import { useTRPC } from "@/trpc/client";
import { ConsistencyField } from "./consistency-field";
import { VolumeSelect } from "./volume-select";

const empty: EnableFormValues = {
  type: "ind",
  master: "",
  shadow: "",
  bitmap: "",
  group: "",
  forExport: false,
  consistency: "auto",
};

export function EnableSetForm({
  host,
  candidates,
  groups,
}: {
  host: string;
  candidates: EnableCandidate[];
  groups: string[];
}) {
  const trpc = useTRPC();
  const [values, setValues] = useState<EnableFormValues>(empty);
  const set =
    <K extends keyof EnableFormValues>(key: K) =>
    (value: EnableFormValues[K]) =>
      setValues((v) => ({ ...v, [key]: value }));
  const check = checkEnableForm(values, candidates);
  const groupId = useId();
  const master = candidates.find((c) => c.ref === values.master);
  const missing = (["master", "shadow", "bitmap"] as const).filter((f) => !values[f]);

  return (
    // Not a <form>: the confirm dialog inside has its own, and forms may not nest.
    <div role="form" aria-label="Enable a set" className="space-y-4">
      <HydratedFieldset>
        <fieldset className="flex flex-wrap gap-4 text-sm">
          <legend className="mb-1 text-sm font-medium">Mode</legend>
          <label className="flex items-center gap-1">
            <input type="radio" name="type" checked={values.type === "ind"} onChange={() => set("type")("ind")} />{" "}
            Independent (full physical copy)
          </label>
          <label className="flex items-center gap-1">
            <input type="radio" name="type" checked={values.type === "dep"} onChange={() => set("type")("dep")} />{" "}
            Dependent (reads unchanged chunks from the master)
          </label>
          {check.errors.type && <p className="w-full text-xs text-danger">Mode: {check.errors.type.join("; ")}</p>}
        </fieldset>
        <div className="grid gap-4 md:grid-cols-3">
          <VolumeSelect
            label="Master"
            value={values.master}
            onChange={set("master")}
            candidates={candidates}
            errors={check.errors.master}
            hint="the live volume"
          />
          <VolumeSelect
            label="Shadow"
            value={values.shadow}
            onChange={set("shadow")}
            candidates={candidates}
            errors={check.errors.shadow}
            hint="receives the point-in-time copy"
          />
          <VolumeSelect
            label="Bitmap"
            value={values.bitmap}
            onChange={set("bitmap")}
            candidates={candidates}
            errors={check.errors.bitmap}
            hint={
              master
                ? `at least ${formatByteSize(minBitmapBytes(master.sizeBytes))} for this master`
                : "tracks changed chunks"
            }
          />
        </div>
        <ConsistencyField value={values.consistency} onChange={set("consistency")} prediction={check.consistency} />
        <div className="grid gap-4 md:grid-cols-3">
          <div className="space-y-1">
            <label htmlFor={groupId} className="block text-sm font-medium">
              I/O group <span className="font-normal text-muted">(optional)</span>
            </label>
            <input
              id={groupId}
              list={`${groupId}-list`}
              value={values.group}
              onChange={(e) => set("group")(e.target.value)}
              aria-invalid={check.errors.group !== undefined}
              aria-describedby={`${groupId}-msg`}
              className="w-full rounded-md border border-border bg-background px-2 py-1.5 text-sm"
            />
            <datalist id={`${groupId}-list`}>
              {groups.map((g) => (
                <option key={g} value={g} />
              ))}
            </datalist>
            <p id={`${groupId}-msg`} className="min-h-5 text-xs text-danger">
              {check.errors.group ? `I/O group ${check.errors.group.join("; ")}` : ""}
            </p>
          </div>
          <label className="flex items-center gap-2 text-sm md:col-span-2">
            <input type="checkbox" checked={values.forExport} onChange={(e) => set("forExport")(e.target.checked)} />
            The shadow will be exported to another host (LAN-free backup)
          </label>
        </div>
        {(check.warnings.length > 0 || check.notes.length > 0) && (
          <ul aria-label="Warnings and notes" className="space-y-1 text-sm">
            {check.warnings.map((w) => (
              <li key={w} className="rounded-md bg-warning-soft px-3 py-2 text-warning">
                Warning: {w}
              </li>
            ))}
            {check.notes.map((n) => (
              <li key={n} className="rounded-md bg-info-soft px-3 py-2 text-info">
                {n}
              </li>
            ))}
          </ul>
        )}
        <div className="flex items-center gap-3">
          <ActionButton
            primary
            label="Enable set"
            title={`Enable ${values.type === "ind" ? "an independent" : "a dependent"} set on ${host}?`}
            confirmLabel="Enable"
            options={trpc.set.enable.mutationOptions()}
            variables={{
              host,
              type: values.type,
              master: values.master,
              shadow: values.shadow,
              bitmap: values.bitmap,
              group: check.args?.group ?? null,
              consistency: values.consistency,
            }}
            jobLabel={`Enable of ${values.shadow} (${values.type === "ind" ? "independent" : "dependent"}) on ${host}`}
            disabled={check.args === null}
            disabledReason="fix the form first"
            onQueued={() => setValues(empty)}
          >
            <p>
              <code className="font-mono">{values.shadow}</code> becomes the shadow of{" "}
              <code className="font-mono">{values.master}</code>, with its changes tracked in{" "}
              <code className="font-mono">{values.bitmap}</code>
              {check.args?.group ? (
                <>
                  {" "}
                  and the set in I/O group <strong>{check.args.group}</strong>
                </>
              ) : null}
              . The set claims master and shadow, so they cannot be deported or reused while it exists.
            </p>
            {values.type === "ind" ? (
              <p>
                The shadow&apos;s contents are overwritten: a full copy of the master (
                {master ? formatByteSize(master.sizeBytes) : "?"}) starts at once.
              </p>
            ) : (
              <p>
                Nothing is copied: the shadow reads unchanged chunks from the master, and its current contents become
                unreadable through the set.
              </p>
            )}
            {check.consistency && <p>Consistency: {check.consistency.summary}.</p>}
          </ActionButton>
          <p role="status" className="text-sm text-muted">
            {missing.length
              ? `Choose the ${missing.join(", ")}.`
              : check.args
                ? "Ready to enable."
                : "Fix the errors above to enable."}
          </p>
        </div>
      </HydratedFieldset>
    </div>
  );
}
