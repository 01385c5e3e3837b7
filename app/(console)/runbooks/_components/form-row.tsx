// One labelled control of the runbook form, with its hint and its errors tied to it for screen
// readers (the control gets aria-describedby={`${id}-msg`} and aria-invalid itself).
import type React from "react";

export function FormRow({
  id,
  label,
  errors,
  hint,
  children,
  className = "",
}: {
  id: string;
  label: React.ReactNode;
  errors?: readonly string[] | null;
  hint?: React.ReactNode;
  children: React.ReactNode;
  className?: string;
}) {
  return (
    <div className={`space-y-1 ${className}`}>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {children}
      <div id={`${id}-msg`} className="min-h-4 text-xs">
        {errors?.length ? (
          errors.map((e) => (
            <p key={e} className="text-danger">
              {e}
            </p>
          ))
        ) : hint ? (
          <div className="text-muted">{hint}</div>
        ) : null}
      </div>
    </div>
  );
}

export const controlClass = (invalid: boolean) =>
  `w-full rounded-md border bg-background px-2 py-1.5 text-sm ${invalid ? "border-danger" : "border-border"}`;
