// The next times a runbook's schedule fires, for the form to show under the cron field. The
// scheduler reads the expression in the console server's local time zone, while the form runs in
// the browser, so the form passes the console's zone rather than letting croner use the browser's.
import { Cron } from "croner";

/** Up to `count` fire times after `after`, read in `timeZone` (default: local); [] for an expression croner refuses. */
export function nextFireTimes(schedule: string, after: Date, count: number, timeZone?: string): Date[] {
  try {
    return new Cron(schedule.trim(), { paused: true, timezone: timeZone }).nextRuns(count, after);
  } catch {
    return [];
  }
}
