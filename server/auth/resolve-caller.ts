import "server-only";
import type { Role } from "@/lib/roles";

export interface Caller {
  userId: string;
  username: string;
  role: Role;
  /** How the caller proved who they are. */
  via: "session" | "api-token";
}

// Placeholder until sign-in lands: nobody is signed in.
export async function resolveCaller(_headers: Headers): Promise<Caller | null> {
  return null;
}
