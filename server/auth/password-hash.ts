import "server-only";
// Console passwords: argon2id through @node-rs/argon2 (a prebuilt napi binary, no install script).
// The library's defaults are OWASP's argon2id minimum (m=19 MiB, t=2, p=1); the parameters are
// stored inside each PHC string, so raising them later keeps old hashes verifiable.
// verify() compares the derived key in constant time inside the library.
import { hash, verify } from "@node-rs/argon2";

export async function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// A real argon2id hash of a random password, computed once: sign-in verifies against it when the
// username is unknown, so "no such user" takes as long as "wrong password" (no username probing).
let decoyHash: Promise<string> | undefined;

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (passwordHash === null) {
    decoyHash ??= hash(crypto.randomUUID());
    await verify(await decoyHash, password);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // not a PHC string (e.g. a row seeded by hand): never matches
  }
}
