"use client";
// "12 s ago" that keeps counting, with the exact UTC time as a tooltip and in dateTime.
import { useNow } from "@/components/use-now";
import { formatTimeAgo } from "@/lib/format-duration";

/** UTC and locale-free, so server and browser print the same text. */
export function formatUtc(iso: string): string {
  return `${iso.slice(0, 19).replace("T", " ")} UTC`;
}

export function RelativeTime({ iso, fallback = "never" }: { iso: string | null; fallback?: string }) {
  const now = useNow();
  if (!iso) return <span className="text-muted">{fallback}</span>;
  return (
    <time dateTime={iso} title={formatUtc(iso)} className="tabular" suppressHydrationWarning>
      {formatTimeAgo(iso, now)}
    </time>
  );
}
