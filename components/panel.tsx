// A titled card: one section of a page (the overview's hosts, a job's event log, …).
import type React from "react";
import { useId } from "react";

export function Panel({
  title,
  actions,
  children,
  className = "",
}: {
  title: string;
  actions?: React.ReactNode;
  children: React.ReactNode;
  className?: string;
}) {
  const headingId = useId();
  return (
    <section
      aria-labelledby={headingId}
      data-slot="panel"
      className={`rounded-lg border border-border bg-surface ${className}`}
    >
      <div className="flex items-center justify-between gap-3 border-b border-border px-4 py-3">
        <h2 id={headingId} className="font-semibold">
          {title}
        </h2>
        {actions}
      </div>
      <div className="p-4">{children}</div>
    </section>
  );
}

/** Grey bars of about the height of the loaded content, so the page does not jump when it arrives. */
function PanelSkeleton({ rows = 3 }: { rows?: number }) {
  return (
    <div role="status" aria-busy="true" aria-label="Loading" className="space-y-3">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="h-6 animate-pulse rounded bg-neutral-soft" />
      ))}
    </div>
  );
}
Panel.Skeleton = PanelSkeleton;
