import "server-only";
// The JSON text columns of runs and steps, as zod schemas, parsed once when a row is read
// (run-select.ts). The run driver wrote them valid; a value that no longer parses (a hand-edited
// row, a shape from an older console) is refused with its column and run named, not trusted.
import { z } from "zod";
import { jobKinds } from "@/lib/job-types";
import type { RunbookSetPlan } from "@/lib/runbook-placement";
import type { RunbookAction } from "@/lib/runbook-steps";
import { AppError } from "@/server/errors";

/** RunbookRun.setsJson: the sets the placement check planned at the start. */
export const runSetsSchema = z.array(
  z.object({
    master: z.string(),
    shadow: z.string(),
    bitmap: z.string(),
    shadowRef: z.string(),
    secondaryBitmapRef: z.string(),
    enabled: z.boolean(),
  }),
) satisfies z.ZodType<RunbookSetPlan[]>;

/** RunbookRun.warningsJson. */
export const runWarningsSchema = z.array(z.string());

/** RunbookStep.actionsJson: the jobs the step planned when it started. */
export const stepActionsSchema = z.array(
  z.object({
    host: z.string(),
    kind: z.enum(jobKinds),
    args: z.record(z.string(), z.unknown()),
    label: z.string(),
  }),
) satisfies z.ZodType<RunbookAction[]>;

/** RunbookStep.jobIdsJson: the job issued for each action so far. */
export const stepJobIdsSchema = z.array(z.string());

export const stepLogLineSchema = z.object({ at: z.string(), message: z.string() });
export type StepLogLine = z.infer<typeof stepLogLineSchema>;
/** RunbookStep.logJson: the step's timeline. */
export const stepLogSchema = z.array(stepLogLineSchema);

/** Parses one stored column; `owner` names the row ("run X", "run X step Y"). */
export function parseJsonColumn<T>(text: string, schema: z.ZodType<T>, column: string, owner: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new AppError("CONFLICT", `${owner}: stored ${column} is not JSON: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.length ? i.path.join(".") : "(root)"}: ${i.message}`);
    throw new AppError("CONFLICT", `${owner}: stored ${column} is not valid: ${issues.join("; ")}`);
  }
  return parsed.data;
}
