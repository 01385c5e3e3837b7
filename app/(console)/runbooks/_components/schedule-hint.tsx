"use client";
// Under the cron field: when the schedule would fire next, so a typo ("0 2 * * 1" for every night)
// shows before it is saved. Computed and shown in the console's time zone, where it fires.
import { useNow } from "@/components/use-now";
import { nextFireTimes } from "@/lib/runbook-fire-times";

const SHOWN = 3;

export function ScheduleHint({ schedule, valid, timeZone }: { schedule: string; valid: boolean; timeZone: string }) {
  const now = useNow();
  if (schedule.trim() === "") return <>empty: runs only when started (Run now, the CLI)</>;
  if (!valid) return null;
  // Whole minutes: the list must not change every second with the clock.
  const times = nextFireTimes(schedule, new Date(Math.floor(now / 60_000) * 60_000), SHOWN, timeZone);
  if (times.length === 0) return <>never fires again</>;
  return (
    <span suppressHydrationWarning>
      next:{" "}
      {times.map((t) => t.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short", timeZone })).join(" · ")}{" "}
      (console time, {timeZone})
    </span>
  );
}
