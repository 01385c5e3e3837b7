"use client";
// The sets a runbook enables in its group when the production host does not have them yet (its
// first run). Volumes are "dg/vol" names, suggested from the production host's inventory.
import { useId } from "react";
import { controlClass, FormRow } from "@/app/(console)/runbooks/_components/form-row";
import { Button } from "@/components/button";
import { emptyRunbookFormSet, type RunbookFormSet } from "@/lib/runbook-form";

const fields = [
  { key: "master", label: "Master" },
  { key: "shadow", label: "Shadow" },
  { key: "bitmap", label: "Bitmap" },
  { key: "secondaryBitmap", label: "Secondary bitmap" },
] as const;

export function RunbookSetsField({
  sets,
  onChange,
  volumeRefs,
  errorsOf,
  snapshotDiskGroup,
}: {
  sets: RunbookFormSet[];
  onChange: (sets: RunbookFormSet[], touched: string) => void;
  volumeRefs: readonly string[];
  errorsOf: (path: string) => string[] | null;
  snapshotDiskGroup: string;
}) {
  const id = useId();
  const listId = `${id}-volumes`;
  const update = (i: number, key: keyof RunbookFormSet, value: string) =>
    onChange(
      sets.map((s, j) => (j === i ? { ...s, [key]: value } : s)),
      `sets.${i}.${key}`,
    );
  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-medium">
        Sets to enable <span className="font-normal text-muted">(optional)</span>
      </legend>
      <p className="text-xs text-muted">
        The group&apos;s existing sets are used as they are. List the sets the first run should enable (a full copy
        each): the shadow in the snapshot disk group, the master and its bitmap outside it.
      </p>
      <datalist id={listId}>
        {volumeRefs.map((r) => (
          <option key={r} value={r} />
        ))}
      </datalist>
      {sets.map((set, i) => (
        <div
          key={i}
          role="group"
          aria-label={`Set ${i + 1}`}
          className="grid gap-2 rounded-md border border-border p-3 sm:grid-cols-2"
        >
          {fields.map(({ key, label }) => {
            const fieldId = `${id}-${i}-${key}`;
            const errors = errorsOf(`sets.${i}.${key}`);
            return (
              <FormRow
                key={key}
                id={fieldId}
                label={`${label} ${i + 1}`}
                errors={errors}
                hint={
                  key === "secondaryBitmap"
                    ? `default ${snapshotDiskGroup || "<snapshot group>"}/${set.shadow.split("/").pop() || "<shadow>"}.bmp`
                    : undefined
                }
              >
                <input
                  id={fieldId}
                  list={listId}
                  value={set[key]}
                  onChange={(e) => update(i, key, e.target.value)}
                  placeholder={key === "secondaryBitmap" ? "default" : "dg/vol"}
                  autoComplete="off"
                  spellCheck={false}
                  aria-invalid={errors !== null}
                  aria-describedby={`${fieldId}-msg`}
                  className={`${controlClass(errors !== null)} font-mono`}
                />
              </FormRow>
            );
          })}
          <div className="sm:col-span-2">
            <Button
              size="sm"
              onClick={() =>
                onChange(
                  sets.filter((_, j) => j !== i),
                  "sets",
                )
              }
            >
              Remove<span className="sr-only"> set {i + 1}</span>
            </Button>
          </div>
        </div>
      ))}
      <Button onClick={() => onChange([...sets, emptyRunbookFormSet], "sets")}>Add a set</Button>
    </fieldset>
  );
}
