import "server-only";
// A spec as stored (Runbook.specJson, RunbookRun.specJson) back into a RunbookSpec. It was valid
// when stored; a spec that no longer parses (a newer field removed, a hand-edited row) is named
// rather than trusted.
import { describeSpecIssues, type RunbookSpec, runbookSpecSchema } from "@/lib/runbook-spec";
import { AppError } from "@/server/errors";

export function parseStoredSpec(specJson: string, what: string): RunbookSpec {
  let value: unknown;
  try {
    value = JSON.parse(specJson);
  } catch (err) {
    throw new AppError("CONFLICT", `${what}: stored spec is not JSON: ${(err as Error).message}`);
  }
  const parsed = runbookSpecSchema.safeParse(value);
  if (!parsed.success)
    throw new AppError(
      "CONFLICT",
      `${what}: stored spec is not valid: ${describeSpecIssues(parsed.error, null).join("; ")}`,
    );
  return parsed.data;
}
