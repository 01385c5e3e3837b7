"use client";
// Operators: create the planned bitmap volumes in one action. Names default to <master>.bmp and
// can be edited; sizes are the plan's independent or compact dependent sizes, as chosen
// (volume.create sizes a bitmap volume with bitmapForMasterBytes and bitmapKind, the same
// lib/bitmap-size formula). What would block the request — no disk group imported here, a bad or
// taken name — is shown before anything is sent.
import { HydratedFieldset } from "@/components/hydrated-fieldset";
import Link from "next/link";
import { useId, useState } from "react";
import { Bytes } from "@/app/(console)/planner/_components/plan-table";
import { type CreationItem, useBitmapCreation } from "@/app/(console)/planner/_components/use-bitmap-creation";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Cell, ColumnHeader, DataTable, Row, RowHeader, TableHead } from "@/components/data-table";
import { JobStateBadge } from "@/components/job-state-badge";
import { StatusBadge } from "@/components/status-badge";
import type { Inventory } from "@/lib/agent-protocol";
import type { BitmapKind } from "@/lib/bitmap-size";
import { bitmapNameProblem, bitmapVolumeName, type BitmapPlan } from "@/lib/bitmap-plan";
import { formatByteSize } from "@/lib/byte-size";

const fieldClass = "rounded-md border border-border bg-background px-2 py-1 text-sm";
const kindLabel: Record<BitmapKind, string> = {
  independent: "independent sets",
  "compact-dependent": "compact dependent sets",
};

export function CreateBitmapsPanel({
  plan,
  hosts,
  inventories,
  defaultHost,
}: {
  plan: BitmapPlan;
  hosts: string[];
  inventories: Record<string, Inventory | null | undefined>;
  defaultHost: string | undefined;
}) {
  const [host, setHost] = useState(defaultHost ?? hosts[0] ?? "");
  const groups = inventories[host]?.diskGroups.filter((dg) => dg.owner === host && !dg.damaged) ?? [];
  const [chosenGroup, setChosenGroup] = useState("");
  const diskGroup = groups.some((g) => g.name === chosenGroup) ? chosenGroup : (groups[0]?.name ?? "");
  const [names, setNames] = useState<Record<string, string>>({});
  const [confirming, setConfirming] = useState(false);
  const [bitmapKind, setBitmapKind] = useState<BitmapKind>("independent");
  const { steps, running, run } = useBitmapCreation();
  const hostId = useId();
  const groupId = useId();

  const existing = groups.find((g) => g.name === diskGroup)?.volumes.map((v) => v.name) ?? [];
  const items: (CreationItem & { label: string })[] = plan.rows.map((row) => ({
    key: row.key,
    label: row.label,
    name: names[row.key] ?? bitmapVolumeName(row.masterName),
    masterBytes: row.masterBytes,
    bitmapKind,
    sizeBytes: bitmapKind === "compact-dependent" ? row.compactDependentBytes : row.independentBytes,
  }));
  const allNames = items.map((i) => i.name);
  const problems = items.map((i) => bitmapNameProblem(i.name, existing, allNames));
  const blocker =
    plan.rows.length === 0
      ? "Choose or type at least one master first."
      : !diskGroup
        ? `Host ${host} has no disk group imported; import or create one first.`
        : problems.some(Boolean)
          ? "Fix the names marked above first."
          : null;

  return (
    <div className="space-y-4">
      <HydratedFieldset>
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <label htmlFor={hostId} className="text-muted">
            Host
          </label>
          <select
            id={hostId}
            value={host}
            onChange={(e) => setHost(e.target.value)}
            className={fieldClass}
            disabled={running}
          >
            {hosts.map((h) => (
              <option key={h} value={h}>
                {h}
              </option>
            ))}
          </select>
          <label htmlFor={groupId} className="text-muted">
            Disk group
          </label>
          <select
            id={groupId}
            value={diskGroup}
            onChange={(e) => setChosenGroup(e.target.value)}
            className={fieldClass}
            disabled={running || groups.length === 0}
          >
            {groups.length === 0 && <option value="">none imported on {host}</option>}
            {groups.map((g) => (
              <option key={g.name} value={g.name}>
                {g.name}
              </option>
            ))}
          </select>
          <fieldset className="flex flex-wrap items-center gap-3" disabled={running}>
            <legend className="sr-only">Size the bitmaps for</legend>
            <span aria-hidden className="text-muted">
              Sized for
            </span>
            {(["independent", "compact-dependent"] as const).map((kind) => (
              <label key={kind} className="flex items-center gap-1">
                <input
                  type="radio"
                  name={`${groupId}-kind`}
                  checked={bitmapKind === kind}
                  onChange={() => setBitmapKind(kind)}
                />{" "}
                {kindLabel[kind]}
              </label>
            ))}
          </fieldset>
        </div>
        {items.length > 0 && (
          <DataTable aria-label="Bitmap volumes to create">
            <TableHead>
              <ColumnHeader>For master</ColumnHeader>
              <ColumnHeader>Bitmap volume name</ColumnHeader>
              <ColumnHeader align="right">Size</ColumnHeader>
            </TableHead>
            <tbody>
              {items.map((item, i) => (
                <Row key={item.key} className="align-top">
                  <RowHeader weight="normal" className="font-mono">
                    {item.label}
                  </RowHeader>
                  <Cell>
                    <input
                      aria-label={`Bitmap volume name for ${item.label}`}
                      value={item.name}
                      disabled={running}
                      onChange={(e) => setNames((prev) => ({ ...prev, [item.key]: e.target.value }))}
                      aria-invalid={problems[i] ? true : undefined}
                      aria-describedby={problems[i] ? `${groupId}-p${i}` : undefined}
                      className={`${fieldClass} w-full font-mono`}
                    />
                    {problems[i] && (
                      <p id={`${groupId}-p${i}`} className="mt-1 text-xs text-danger">
                        {problems[i]}
                      </p>
                    )}
                  </Cell>
                  <Cell align="right">
                    <Bytes bytes={item.sizeBytes} />
                  </Cell>
                </Row>
              ))}
            </tbody>
          </DataTable>
        )}
        <div className="flex flex-wrap items-center gap-3">
          <Button
            variant="primary"
            size="lg"
            disabled={blocker !== null || running}
            onClick={() => setConfirming(true)}
          >
            Create {items.length} bitmap volume{items.length === 1 ? "" : "s"}
          </Button>
          {blocker && <p className="text-sm text-muted">{blocker}</p>}
        </div>
        <ConfirmDialog
          open={confirming}
          title={`Create ${items.length} bitmap volume${items.length === 1 ? "" : "s"} in ${diskGroup} on ${host}?`}
          confirmLabel="Create"
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void run(host, diskGroup, items);
          }}
        >
          <p>Host {host}&apos;s agent creates, one job after another (a disk group takes one job at a time):</p>
          <ul className="list-disc pl-5">
            {items.map((i) => (
              <li key={i.key}>
                <span className="font-mono">
                  {diskGroup}/{i.name}
                </span>
                : {formatByteSize(i.sizeBytes)}, for a {formatByteSize(i.masterBytes)} master
              </li>
            ))}
          </ul>
          <p>Sized for {kindLabel[bitmapKind]}. The first failure stops the rest.</p>
        </ConfirmDialog>
        {steps.length > 0 && (
          <ol aria-label="Bitmap volume jobs" className="space-y-2 text-sm" aria-live="polite">
            {steps.map((step) => (
              <li
                key={step.key}
                data-step={step.name}
                className="flex flex-wrap items-center gap-2 rounded-md border border-border px-3 py-2"
              >
                <span className="font-mono">{step.name}</span>
                {step.state === "waiting" || step.state === "skipped" || step.state === "refused" ? (
                  <StatusBadge tone={step.state === "refused" ? "danger" : "neutral"}>
                    {step.state === "skipped" ? "not started" : step.state}
                  </StatusBadge>
                ) : (
                  <JobStateBadge state={step.state} />
                )}
                {step.jobId && (
                  <Link href={`/jobs/${step.jobId}`} className="underline underline-offset-2">
                    job
                  </Link>
                )}
                {step.createdBytes !== undefined && (
                  <span>
                    created, <Bytes bytes={step.createdBytes} />
                  </span>
                )}
                {step.error && (
                  <span role="alert" className="text-danger">
                    {step.error}
                  </span>
                )}
              </li>
            ))}
          </ol>
        )}
      </HydratedFieldset>
    </div>
  );
}
