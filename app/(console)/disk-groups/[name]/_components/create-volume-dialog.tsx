"use client";
// vxassist make (docs/instant-image.md §8.1, §3.3) on the holder: a data volume of a typed size,
// sparse or preallocated, or a bitmap volume sized for a typed master size and the kind of set it
// is for (independent, or compact dependent with its index). The form validates as
// you type (lib/volume-create-form) and says the exact size before anything is created.
import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import type { DiskGroupData } from "@/app/(console)/disk-groups/[name]/_components/disk-group-output";
import { FormField, inputClass } from "@/app/(console)/disk-groups/_components/form-field";
import { type FinishedJob, StorageActionDialog } from "@/app/(console)/disk-groups/_components/storage-action-dialog";
import type { BitmapKind } from "@/lib/bitmap-size";
import { formatByteSize } from "@/lib/byte-size";
import { checkDiskGroupAction } from "@/lib/disk-group-blockers";
import { readVolumeCreateForm, SIZE_UNITS, type SizeUnit, type VolumeCreateFormValues } from "@/lib/volume-create-form";
import { useTRPC } from "@/trpc/client";

const bitmapKindLabel: Record<BitmapKind, string> = {
  independent: "independent sets",
  "compact-dependent": "compact dependent sets",
};

export function CreateVolumeDialog({
  dg,
  onClose,
  onSucceeded,
}: {
  dg: DiskGroupData;
  onClose: () => void;
  onSucceeded: (job: FinishedJob) => void;
}) {
  const trpc = useTRPC();
  const create = useMutation(trpc.volume.create.mutationOptions());
  const [values, setValues] = useState<VolumeCreateFormValues>({
    name: "",
    kind: "data",
    amount: "",
    unit: "GiB",
    preallocate: false,
    bitmapKind: "independent",
  });
  const [touched, setTouched] = useState(false);
  const ids = {
    name: useId(),
    amount: useId(),
    unit: useId(),
    data: useId(),
    bitmap: useId(),
    sparse: useId(),
    prealloc: useId(),
    bitmapKind: useId(),
  };
  const host = dg.owner ?? "";
  const form = readVolumeCreateForm(
    dg.name,
    values,
    dg.volumes.map((v) => v.name),
  );
  const errors = form.ok ? {} : form.errors;
  const show = (field: "name" | "amount") => (touched || values[field] !== "" ? errors[field] : undefined);
  const set = (patch: Partial<VolumeCreateFormValues>) => setValues((v) => ({ ...v, ...patch }));
  const isBitmap = values.kind === "bitmap";
  // The radios are uncontrolled (defaultChecked): the browser keeps the group's one checked
  // button, and onChange mirrors it into the form state.

  return (
    <StorageActionDialog
      title={`Create a volume in ${dg.name} on ${host}`}
      confirmLabel="Create volume"
      check={checkDiskGroupAction(dg, "create-volume", host)}
      start={form.ok && host ? () => create.mutateAsync({ host, ...form.args }) : null}
      onClose={onClose}
      onSucceeded={onSucceeded}
    >
      <fieldset className="flex gap-4">
        <legend className="mb-1 text-sm font-medium">Kind</legend>
        <label htmlFor={ids.data} className="flex items-center gap-1">
          <input
            id={ids.data}
            type="radio"
            name="kind"
            defaultChecked={!isBitmap}
            onChange={() => set({ kind: "data" })}
          />{" "}
          Data volume
        </label>
        <label htmlFor={ids.bitmap} className="flex items-center gap-1">
          <input
            id={ids.bitmap}
            type="radio"
            name="kind"
            defaultChecked={isBitmap}
            onChange={() => set({ kind: "bitmap" })}
          />{" "}
          Bitmap volume
        </label>
      </fieldset>
      <FormField id={ids.name} label="Volume name" error={show("name")}>
        <input
          id={ids.name}
          value={values.name}
          onChange={(e) => set({ name: e.target.value })}
          onBlur={() => setTouched(true)}
          aria-invalid={show("name") !== undefined}
          autoComplete="off"
          spellCheck={false}
          className={`${inputClass} font-mono`}
        />
      </FormField>
      <FormField
        id={ids.amount}
        label={isBitmap ? "Master size (the volume this bitmap will track)" : "Size"}
        error={show("amount")}
        hint={
          isBitmap && form.ok ? (
            <span data-testid="bitmap-size">
              Bitmap volume size: {formatByteSize(form.args.sizeBytes)} ({form.args.sizeBytes} bytes), enough for{" "}
              {bitmapKindLabel[values.bitmapKind]}
            </span>
          ) : undefined
        }
      >
        <div className="flex gap-2">
          <input
            id={ids.amount}
            value={values.amount}
            inputMode="decimal"
            onChange={(e) => set({ amount: e.target.value })}
            onBlur={() => setTouched(true)}
            aria-invalid={show("amount") !== undefined}
            autoComplete="off"
            className={`${inputClass} tabular`}
          />
          <select
            aria-label="Unit"
            id={ids.unit}
            value={values.unit}
            onChange={(e) => set({ unit: e.target.value as SizeUnit })}
            className="rounded-md border border-border bg-background px-2 text-sm"
          >
            {SIZE_UNITS.map((u) => (
              <option key={u} value={u}>
                {u}
              </option>
            ))}
          </select>
        </div>
      </FormField>
      {isBitmap && (
        <FormField id={ids.bitmapKind} label="For sets that are">
          <select
            id={ids.bitmapKind}
            value={values.bitmapKind}
            onChange={(e) => set({ bitmapKind: e.target.value as BitmapKind })}
            className="rounded-md border border-border bg-background px-2 py-1 text-sm"
          >
            <option value="independent">independent or full-size dependent</option>
            <option value="compact-dependent">compact dependent (room for the index)</option>
          </select>
        </FormField>
      )}
      <fieldset className="flex gap-4">
        <legend className="mb-1 text-sm font-medium">Allocation</legend>
        <label htmlFor={ids.sparse} className="flex items-center gap-1">
          <input
            id={ids.sparse}
            type="radio"
            name="allocation"
            defaultChecked={!values.preallocate}
            onChange={() => set({ preallocate: false })}
          />{" "}
          Sparse
        </label>
        <label htmlFor={ids.prealloc} className="flex items-center gap-1">
          <input
            id={ids.prealloc}
            type="radio"
            name="allocation"
            defaultChecked={values.preallocate}
            onChange={() => set({ preallocate: true })}
          />{" "}
          Preallocated
        </label>
      </fieldset>
      <p data-testid="create-volume-summary">
        {form.ok ? (
          <>
            The agent on <strong>{host}</strong> creates {isBitmap ? "bitmap volume" : "volume"}{" "}
            <strong className="font-mono">
              {dg.name}/{form.args.name}
            </strong>{" "}
            of <strong>{formatByteSize(form.args.sizeBytes)}</strong> ({form.args.sizeBytes} bytes)
            {isBitmap && form.args.bitmapForMasterBytes !== null
              ? `, for a master of ${formatByteSize(form.args.bitmapForMasterBytes)} in ${bitmapKindLabel[form.args.bitmapKind]}`
              : ""}
            ,{" "}
            {values.preallocate
              ? "preallocated (every block written now)"
              : "sparse (blocks allocated as they are written)"}
            , as a file in {dg.dir}.
          </>
        ) : (
          "Fill in a name and a size to see exactly what will be created."
        )}
      </p>
    </StorageActionDialog>
  );
}
