import "server-only";
// Schedules fire in the console's own time zone (croner reads cron expressions in the local
// zone of the process that evaluates them), so the runbook form previews them in this zone, not
// the browser's.
export function consoleTimeZone(): string {
  // An unknown TZ leaves the zone unresolved, and the process then keeps time in UTC.
  return Intl.DateTimeFormat().resolvedOptions().timeZone ?? "UTC";
}
