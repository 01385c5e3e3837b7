// The next times a runbook's schedule fires, for the form to show under the cron field. Croner
// reads the expression in the local time zone of whoever evaluates it: the browser here, the
// console server for the real schedule, so the form says which time zone it shows.
import { Cron } from "croner";

/** Up to `count` fire times after `after`; [] for an expression croner refuses. */
export function nextFireTimes(schedule: string, after: Date, count: number): Date[] {
  try {
    return new Cron(schedule.trim(), { paused: true }).nextRuns(count, after);
  } catch {
    return [];
  }
}
