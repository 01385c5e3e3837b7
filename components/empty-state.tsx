import type React from "react";

export function EmptyState({ title, children }: { title: string; children?: React.ReactNode }) {
  return (
    <div data-slot="empty-state" className="rounded-lg border border-dashed border-border bg-surface p-6">
      <h3 className="font-medium">{title}</h3>
      {children && <div className="mt-1 text-sm text-muted">{children}</div>}
    </div>
  );
}
