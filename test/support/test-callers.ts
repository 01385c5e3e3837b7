import "server-only";
// tRPC callers for tests, one per role, without a real sign-in (server/auth has its own tests).
import type { Role } from "@/lib/roles";
import { createCaller } from "@/server/trpc/root";

export function callerAs(role: Role, userId: string | null = null) {
  return createCaller({
    caller: { userId: userId ?? `test-${role}`, username: `test-${role}`, role, via: "api-token" },
    fromAddress: "127.0.0.1",
  });
}

export function anonymousCaller() {
  return createCaller({ caller: null, fromAddress: null });
}
