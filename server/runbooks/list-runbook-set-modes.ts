import "server-only";
// The sets a runbook's run would drive and the consistency mode of each, from the production
// host's inventory (lib/runbook-freeze.ts): shown on the runbook's page before any run, with a
// warning for each set in scan mode (the application stays frozen for a full read of its master).
import { checkRunbookPlacement } from "@/lib/runbook-placement";
import { type RunbookSetMode, runbookSetModes, scanModeWarnings } from "@/lib/runbook-freeze";
import { AppError } from "@/server/errors";
import { getRunbook } from "@/server/runbooks/list-runbooks";
import { loadHost } from "@/server/storage/load-host";

export interface RunbookSetModes {
  sets: RunbookSetMode[];
  warnings: string[];
  /** Why the sets cannot be shown (host unknown, no inventory yet), or null. */
  problem: string | null;
}

export async function listRunbookSetModes(name: string): Promise<RunbookSetModes> {
  const runbook = await getRunbook(name);
  if (!runbook) throw new AppError("NOT_FOUND", `runbook: ${name} not found`);
  const { spec } = runbook;
  let inventory;
  try {
    inventory = (await loadHost(spec.productionHost)).inventory;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return { sets: [], warnings: [], problem: err.message };
  }
  if (!inventory)
    return { sets: [], warnings: [], problem: `host ${spec.productionHost} has not reported an inventory yet` };
  const sets = runbookSetModes(checkRunbookPlacement(spec, inventory).sets, inventory);
  return { sets, warnings: scanModeWarnings(sets, spec.quiesceHook !== null).map((w) => w.warning), problem: null };
}
