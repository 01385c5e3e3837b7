import "server-only";
// High-entropy secrets handed out once: agent enrolment tokens and credentials, personal API
// tokens and session cookies. 32 random bytes, base64url; the database keeps only their SHA-256.
//
// Why a plain SHA-256 and not argon2/scrypt: slow KDFs protect low-entropy secrets (passwords,
// see password-hash.ts) from offline guessing. A 256-bit random token cannot be guessed, so a fast
// hash is as safe, and it lets every request find its row with one indexed lookup.
import { createHash, randomBytes } from "node:crypto";

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** A new secret, optionally prefixed (e.g. "pct_" so a leaked API token is recognisable in logs and scanners). */
export function newSecret(prefix = ""): { secret: string; hash: string } {
  const secret = prefix + randomBytes(32).toString("base64url");
  return { secret, hash: hashSecret(secret) };
}
