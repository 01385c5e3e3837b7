// A job's failure as the console records it (lib/agent-protocol jobErrorSchema): a code, a
// message and the object (set, volume, disk group, hook) it is about.
import { EngineError } from "@/engine/engine-error";

export class JobFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly object: string | null,
  ) {
    super(message);
    this.name = "JobFailure";
  }
}

export function toJobError(
  err: unknown,
  fallbackObject: string | null,
): { code: string; message: string; object: string | null } {
  if (err instanceof JobFailure) return { code: err.code, message: err.message.slice(0, 4000), object: err.object };
  if (err instanceof EngineError) {
    const message = err.operation ? `${err.operation}: ${err.message}` : err.message;
    return { code: err.code, message: message.slice(0, 4000), object: fallbackObject };
  }
  return {
    code: "AGENT_ERROR",
    message: (err instanceof Error ? err.message : String(err)).slice(0, 4000),
    object: fallbackObject,
  };
}
