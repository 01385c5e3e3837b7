"use client";
// A volume picker for the enable and import forms: each option says its disk group, size and
// what uses it, and the field's errors are tied to it (aria-invalid, aria-describedby).
import { useId } from "react";
import { formatByteSize } from "@/lib/byte-size";
import type { EnableCandidate } from "@/lib/set-enable-form";

export function VolumeSelect({
  label,
  value,
  onChange,
  candidates,
  errors,
  hint,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  candidates: readonly EnableCandidate[];
  errors: string[] | undefined;
  hint?: string;
}) {
  const id = useId();
  const byGroup = new Map<string, EnableCandidate[]>();
  for (const c of candidates) byGroup.set(c.diskGroup, [...(byGroup.get(c.diskGroup) ?? []), c]);
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={errors !== undefined}
        aria-describedby={`${id}-msg`}
        className={`w-full rounded-md border bg-background px-2 py-1.5 text-sm ${errors ? "border-danger" : "border-border"}`}
      >
        <option value="">Choose…</option>
        {[...byGroup].map(([dg, volumes]) => (
          <optgroup key={dg} label={`disk group ${dg}`}>
            {volumes.map((v) => (
              <option key={v.ref} value={v.ref}>
                {v.ref} — {formatByteSize(v.sizeBytes)}
                {v.role === "bitmap" ? ", bitmap" : ""}
                {v.usedBy ? ` (${v.usedBy})` : ""}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <div id={`${id}-msg`} className="min-h-5 text-xs">
        {errors
          ? errors.map((e) => (
              <p key={e} className="text-danger">
                {label} {e}
              </p>
            ))
          : hint && <p className="text-muted">{hint}</p>}
      </div>
    </div>
  );
}
