"use client";
// Under the cron field: when the schedule would fire next, so a typo ("0 2 * * 1" for every night)
// shows before it is saved.
import { useNow } from "@/components/use-now";
import { nextFireTimes } from "@/lib/runbook-fire-times";

const SHOWN = 3;

export function ScheduleHint({ schedule, valid }: { schedule: string; valid: boolean }) {
  const now = useNow();
  if (schedule.trim() === "") return <>empty: runs only when started (Run now, the CLI)</>;
  if (!valid) return null;
  // Whole minutes: the list must not change every second with the clock.
  const times = nextFireTimes(schedule, new Date(Math.floor(now / 60_000) * 60_000), SHOWN);
  if (times.length === 0) return <>never fires again</>;
  return (
    <span suppressHydrationWarning>
      next: {times.map((t) => t.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })).join(" · ")} (this browser&apos;s time zone; the console fires it in its own)
    </span>
  );
}
