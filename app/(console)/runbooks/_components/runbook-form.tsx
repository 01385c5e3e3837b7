"use client";
// Create or edit a runbook (issue 6): every field of the spec, checked with the console's own zod
// schema as the operator types, the live placement check, and the YAML to keep in version
// control. Save is runbook.save (`pitcrew runbook apply`); it is allowed while placement problems
// remain, because the layout may be prepared after the runbook, but a run is refused until then.
import { HydratedFieldset } from "@/components/hydrated-fieldset";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { controlClass, FormRow } from "@/app/(console)/runbooks/_components/form-row";
import { PlacementCheck } from "@/app/(console)/runbooks/_components/placement-check";
import { RunbookSetsField } from "@/app/(console)/runbooks/_components/runbook-sets-field";
import { ScheduleHint } from "@/app/(console)/runbooks/_components/schedule-hint";
import { SpecYaml } from "@/app/(console)/runbooks/_components/spec-yaml";
import { Button } from "@/components/button";
import { Panel } from "@/components/panel";
import { checkRunbookForm, type RunbookFormValues } from "@/lib/runbook-form";
import { runbookHref } from "@/lib/runbook-route";
import { useTRPC } from "@/trpc/client";

type Field = Exclude<keyof RunbookFormValues, "sets" | "approveRejoin" | "resyncAfterJoin" | "backupKind">;

/** `timeZone`: the console's, in which the schedule fires (server/runbooks/console-time-zone.ts). */
export function RunbookForm({
  initial,
  editing,
  timeZone,
}: {
  initial: RunbookFormValues;
  editing: boolean;
  timeZone: string;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const id = useId();
  const [values, setValues] = useState(initial);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [showAll, setShowAll] = useState(false);
  const check = checkRunbookForm(values);

  const hosts = useQuery(trpc.host.list.queryOptions());
  const production = useQuery({
    ...trpc.host.get.queryOptions({ name: values.productionHost }),
    enabled: values.productionHost !== "",
  });
  const backup = useQuery({
    ...trpc.host.get.queryOptions({ name: values.backupHost }),
    enabled: values.backupHost !== "",
  });
  const inventory = production.data?.inventory;
  const diskGroups = inventory?.diskGroups.map((g) => g.name) ?? [];
  const groups = [...new Set(inventory?.sets.flatMap((s) => (s.group ? [s.group] : [])) ?? [])].sort();
  const volumeRefs = inventory?.diskGroups.flatMap((g) => g.volumes.map((v) => `${g.name}/${v.name}`)) ?? [];
  const save = useMutation(
    trpc.runbook.save.mutationOptions({
      onSuccess: async (saved) => {
        await queryClient.invalidateQueries(trpc.runbook.pathFilter());
        router.push(runbookHref(saved.name));
      },
    }),
  );

  const touch = (key: string) => setTouched((t) => (t.has(key) ? t : new Set(t).add(key)));
  const change = <K extends keyof RunbookFormValues>(key: K, value: RunbookFormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    touch(
      key === "targetDir"
        ? "backup.targetDir"
        : key === "backupHook"
          ? "backup.hook"
          : key === "tapeDevice"
            ? "backup.device"
            : key,
    );
  };
  const errorsOf = (path: string) =>
    (showAll || touched.has(path)) && check.errors[path]?.length ? check.errors[path] : null;
  const errorCount = Object.keys(check.errors).length;

  /** A text input or select bound to one field, with its label, hint and errors. */
  const field = (
    key: Field,
    label: string,
    opts: {
      path?: string;
      hint?: React.ReactNode;
      options?: readonly string[];
      none?: string;
      mono?: boolean;
      disabled?: boolean;
    } = {},
  ) => {
    const path = opts.path ?? key;
    const fieldId = `${id}-${key}`;
    const errors = errorsOf(path);
    const common = {
      id: fieldId,
      value: values[key],
      disabled: opts.disabled,
      "aria-invalid": errors !== null,
      "aria-describedby": `${fieldId}-msg`,
      className: `${controlClass(errors !== null)} ${opts.mono ? "font-mono" : ""}`,
    };
    return (
      <FormRow id={fieldId} label={label} errors={errors} hint={opts.hint}>
        {opts.options ? (
          <select {...common} onChange={(e) => change(key, e.target.value)}>
            <option value="">{opts.none ?? "Choose…"}</option>
            {[...new Set([...opts.options, ...(values[key] ? [values[key]] : [])])].map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        ) : (
          <input {...common} onChange={(e) => change(key, e.target.value)} autoComplete="off" spellCheck={false} />
        )}
      </FormRow>
    );
  };
  const hostNames = hosts.data?.map((h) => h.name) ?? [];
  const prodHooks = inventory?.hooks ?? [];
  const backupHooks = backup.data?.inventory?.hooks ?? [];
  const backupTapes = backup.data?.inventory?.tapeDevices ?? [];

  return (
    <div className="grid gap-6 xl:grid-cols-[3fr_2fr]">
      <Panel title={editing ? `Edit ${initial.name}` : "New runbook"} className="min-w-0">
        {/* Not a <form> submit: Enter in a field must not save a half-written runbook. */}
        <div role="form" aria-label="Runbook" className="space-y-6">
          <HydratedFieldset>
            <fieldset className="grid gap-4 md:grid-cols-2">
              <legend className="sr-only">Name</legend>
              {field("name", "Name", {
                mono: true,
                disabled: editing,
                hint: editing ? "Saving under another name would create another runbook." : "letters, digits, . _ -",
              })}
              {field("description", "Description", { hint: "optional" })}
            </fieldset>
            <fieldset className="grid gap-4 md:grid-cols-2">
              <legend className="mb-2 text-sm font-semibold">Hosts and storage</legend>
              {field("productionHost", "Production host", {
                options: hostNames,
                hint: "runs the application; holds the masters",
              })}
              {field("backupHost", "Backup host", {
                options: hostNames,
                hint: "receives the shadows and backs them up",
              })}
              <FormRow
                id={`${id}-group`}
                label="I/O group"
                errors={errorsOf("group")}
                hint="the sets backed up together (iiadm -g)"
              >
                <input
                  id={`${id}-group`}
                  list={`${id}-groups`}
                  value={values.group}
                  onChange={(e) => change("group", e.target.value)}
                  autoComplete="off"
                  spellCheck={false}
                  aria-invalid={errorsOf("group") !== null}
                  aria-describedby={`${id}-group-msg`}
                  className={`${controlClass(errorsOf("group") !== null)} font-mono`}
                />
                <datalist id={`${id}-groups`}>
                  {groups.map((g) => (
                    <option key={g} value={g} />
                  ))}
                </datalist>
              </FormRow>
              {field("snapshotDiskGroup", "Snapshot disk group", {
                options: diskGroups,
                hint: "travels to the backup host: the group's shadows and secondary bitmaps only",
              })}
            </fieldset>
            <fieldset className="grid gap-4 md:grid-cols-3">
              <legend className="mb-2 text-sm font-semibold">Quiesce</legend>
              {field("quiesceHook", "Quiesce hook", {
                options: prodHooks,
                none: "None (crash-consistent)",
                hint: values.productionHost
                  ? `hooks of ${values.productionHost}'s agent`
                  : "choose the production host first",
              })}
              {field("resumeHook", "Resume hook", {
                options: prodHooks,
                none: "None",
                hint: "always runs after a quiesce",
              })}
              {field("freezeBudgetSeconds", "Freeze budget (seconds)", {
                hint: "the agent thaws by itself after this",
              })}
            </fieldset>
            <fieldset className="space-y-3">
              <legend className="mb-2 text-sm font-semibold">Backup</legend>
              <div className="flex flex-wrap gap-4 text-sm">
                <label className="flex items-center gap-1">
                  <input
                    type="radio"
                    name={`${id}-kind`}
                    checked={values.backupKind === "archive"}
                    onChange={() => change("backupKind", "archive")}
                  />{" "}
                  Built-in archive (SHA-256 manifest, verified)
                </label>
                <label className="flex items-center gap-1">
                  <input
                    type="radio"
                    name={`${id}-kind`}
                    checked={values.backupKind === "tape"}
                    onChange={() => change("backupKind", "tape")}
                  />{" "}
                  Built-in archive to tape (tar stream, verified)
                </label>
                <label className="flex items-center gap-1">
                  <input
                    type="radio"
                    name={`${id}-kind`}
                    checked={values.backupKind === "hook"}
                    onChange={() => change("backupKind", "hook")}
                  />{" "}
                  A hook of the backup host
                </label>
              </div>
              <div className="grid gap-4 md:grid-cols-2">
                {values.backupKind === "archive" ? (
                  <>
                    {field("targetDir", "Archive directory", {
                      path: "backup.targetDir",
                      mono: true,
                      hint: "under the backup agent's archive roots; a relative path goes under its first root",
                    })}
                    {field("keepArchives", "Archives to keep", {
                      hint: "older archives are deleted after a verified backup; empty keeps all",
                    })}
                  </>
                ) : values.backupKind === "tape" ? (
                  field("tapeDevice", "Tape device", {
                    path: "backup.device",
                    options: backupTapes,
                    mono: true,
                    hint: values.backupHost
                      ? `tape devices of ${values.backupHost}'s agent (the rewinding one, e.g. /dev/st0)`
                      : "choose the backup host first",
                  })
                ) : (
                  field("backupHook", "Backup hook", {
                    path: "backup.hook",
                    options: backupHooks,
                    hint: values.backupHost ? `hooks of ${values.backupHost}'s agent` : "choose the backup host first",
                  })
                )}
              </div>
            </fieldset>
            <fieldset className="grid gap-4 md:grid-cols-2">
              <legend className="mb-2 text-sm font-semibold">Schedule and rejoin</legend>
              {field("schedule", "Schedule (cron)", {
                mono: true,
                hint: <ScheduleHint schedule={values.schedule} valid={!check.errors.schedule} timeZone={timeZone} />,
              })}
              <div className="space-y-2 text-sm">
                <label className="flex items-start gap-2">
                  <input
                    type="checkbox"
                    className="mt-1"
                    checked={values.approveRejoin}
                    onChange={(e) => change("approveRejoin", e.target.checked)}
                  />
                  <span>
                    Stop before the rejoin for approval{" "}
                    <span className="block text-xs text-muted">
                      shows what the backup host wrote; the master&apos;s data wins
                    </span>
                  </span>
                </label>
                <label className="flex items-start gap-2">
                  <input
                    type="checkbox"
                    className="mt-1"
                    checked={values.resyncAfterJoin}
                    onChange={(e) => change("resyncAfterJoin", e.target.checked)}
                  />
                  <span>
                    Resync right after the rejoin{" "}
                    <span className="block text-xs text-muted">
                      quiesce and update again, so shadows equal masters when the run ends
                    </span>
                  </span>
                </label>
              </div>
            </fieldset>
            <RunbookSetsField
              sets={values.sets}
              volumeRefs={volumeRefs}
              errorsOf={errorsOf}
              snapshotDiskGroup={values.snapshotDiskGroup}
              onChange={(sets, key) => {
                setValues((v) => ({ ...v, sets }));
                touch(key);
              }}
            />
            {errorsOf("runbook") && (
              <p role="alert" className="text-sm text-danger">
                {check.errors.runbook?.join("; ")}
              </p>
            )}
            <div className="flex flex-wrap items-center gap-3 border-t border-border pt-4">
              <Button
                variant="primary"
                disabled={save.isPending}
                onClick={() => (check.spec ? save.mutate({ spec: check.input }) : setShowAll(true))}
              >
                {save.isPending ? "Saving…" : editing ? "Save runbook" : "Create runbook"}
              </Button>
              <p role="status" className="text-sm text-muted">
                {check.spec
                  ? "Ready to save."
                  : showAll
                    ? `Fix ${errorCount === 1 ? "the error" : `the ${errorCount} errors`} above to save.`
                    : "Fill in the runbook."}
              </p>
            </div>
            {save.error && (
              <p role="alert" className="rounded-md bg-danger-soft p-2 text-sm text-danger">
                {save.error.message}
              </p>
            )}
          </HydratedFieldset>
        </div>
      </Panel>
      <div className="min-w-0 space-y-6">
        <Panel title="Placement check">
          <PlacementCheck spec={check.spec ? check.input : null} />
        </Panel>
        <Panel title="YAML">
          <SpecYaml spec={check.spec ?? check.input} name={values.name} />
        </Panel>
      </div>
    </div>
  );
}
