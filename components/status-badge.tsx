// A small coloured label for a state ("running", "online", "copying"). The colour only repeats the
// word, so the text alone carries the meaning (colour-blind users, screen readers).
import type React from "react";

export type StatusTone = "success" | "warning" | "danger" | "info" | "neutral";

const toneClass: Record<StatusTone, string> = {
  success: "bg-success-soft text-success",
  warning: "bg-warning-soft text-warning",
  danger: "bg-danger-soft text-danger",
  info: "bg-info-soft text-info",
  neutral: "bg-neutral-soft text-foreground",
};

export function StatusBadge({ tone, className = "", ...props }: React.ComponentProps<"span"> & { tone: StatusTone }) {
  return (
    <span
      data-slot="status-badge"
      data-tone={tone}
      className={`inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${toneClass[tone]} ${className}`}
      {...props}
    />
  );
}
