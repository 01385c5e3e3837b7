"use client";
// One filter of a list page: a labelled select whose first choice ("All hosts", "All states")
// clears the filter. A value from the URL that is not among the choices (a host since removed, say)
// is still listed, so the select shows the filter the list is actually filtered by.
import { useId } from "react";

const selectClass = "rounded-md border border-border bg-background px-2 py-1 text-sm";

export function FilterSelect({
  label,
  allLabel,
  value,
  options,
  onChange,
}: {
  label: string;
  allLabel: string;
  value: string | undefined;
  options: readonly string[];
  onChange: (value: string | undefined) => void;
}) {
  const id = useId();
  const listed = value && !options.includes(value) ? [value, ...options] : options;
  return (
    <>
      <label htmlFor={id} className="text-muted">
        {label}
      </label>
      <select
        id={id}
        value={value ?? ""}
        onChange={(e) => onChange(e.target.value || undefined)}
        className={selectClass}
      >
        <option value="">{allLabel}</option>
        {listed.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </>
  );
}
