// iiadm's error output and exit status (docs/instant-image.md §1.3): usage errors and pre-checks
// exit 1, everything reported through dsw_error exits 2 with `iiadm: <operation>:` first and
// the reason after it, naming the volume or set.
import { EngineError } from "@/engine/engine-error";
import { IiadmUsageError, iiadmUsage } from "./parse-iiadm-args";

export function reportIiadmError(err: unknown): number {
  if (err instanceof IiadmUsageError) {
    for (const note of err.notes) process.stderr.write(`iiadm: ${note}\n`);
    process.stderr.write(`iiadm: ${err.message}\n`);
    if (err.exitCode === 1) process.stderr.write(iiadmUsage());
    return err.exitCode;
  }
  if (err instanceof EngineError) {
    if (err.operation === "precheck") {
      process.stderr.write(`iiadm: ${err.message}\n`);
      return 1;
    }
    if (err.operation) process.stderr.write(`iiadm: ${err.operation}:\n`);
    process.stderr.write(`iiadm: ${err.message} (${err.code})\n`);
    return 2;
  }
  process.stderr.write(`iiadm: ${(err as Error).message ?? String(err)}\n`);
  return 2;
}
