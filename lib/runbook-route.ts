// URLs of the runbook pages. A runbook's own pages sit one level below a fixed word
// (/runbooks/book/<name>), never directly under /runbooks, so that no runbook name ("new", "runs")
// can collide with the new-runbook form or the run pages (the same reason as lib/set-route.ts).
// Runs are named by their id alone: a run page must keep working after its runbook is renamed
// away or re-applied.

const segment = (text: string) => encodeURIComponent(text);

export const runbooksHref = "/runbooks";
export const newRunbookHref = "/runbooks/new";

export function runbookHref(name: string): string {
  return `/runbooks/book/${segment(name)}`;
}

export function runbookEditHref(name: string): string {
  return `${runbookHref(name)}/edit`;
}

export function runHref(runId: string): string {
  return `/runbooks/runs/${segment(runId)}`;
}
