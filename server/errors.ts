import "server-only";
// Domain errors. Server code throws AppError; server/trpc/init.ts is the one place that turns it
// into a tRPC error (and server/http/agent-route.ts does the same for the agent HTTP routes).
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server";

export const appErrorCodes = {
  NOT_FOUND: { trpc: "NOT_FOUND", http: 404 },
  INVALID_INPUT: { trpc: "BAD_REQUEST", http: 400 },
  // An illegal state transition, e.g. cancelling a finished job.
  CONFLICT: { trpc: "CONFLICT", http: 409 },
  // An agent's lease on a job was taken over; the agent must stop working on it.
  LEASE_LOST: { trpc: "CONFLICT", http: 409 },
  UNAUTHORIZED: { trpc: "UNAUTHORIZED", http: 401 },
  FORBIDDEN: { trpc: "FORBIDDEN", http: 403 },
  // Sign-in attempts over the limit (lib/sign-in-throttle.ts).
  TOO_MANY_REQUESTS: { trpc: "TOO_MANY_REQUESTS", http: 429 },
  // A request body over its limit (lib/request-limits.ts), refused before it is read in full.
  PAYLOAD_TOO_LARGE: { trpc: "PAYLOAD_TOO_LARGE", http: 413 },
  // An agent speaks a protocol version this console does not (lib/agent-protocol PROTOCOL_VERSION).
  UNSUPPORTED_PROTOCOL: { trpc: "BAD_REQUEST", http: 426 },
} as const satisfies Record<string, { trpc: TRPC_ERROR_CODE_KEY; http: number }>;

export type AppErrorCode = keyof typeof appErrorCodes;

export class AppError extends Error {
  override readonly name = "AppError";

  constructor(
    readonly code: AppErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
