import "server-only";
// Secrets handed to agents (enrolment tokens and credentials): 32 random bytes, base64url, shown
// once; the database keeps only their SHA-256.
//
// Why a plain SHA-256 and not bcrypt/scrypt: slow KDFs protect low-entropy secrets (passwords)
// from offline guessing. A 256-bit random token cannot be guessed, so a fast hash is as safe, and
// it lets authentication find the credential with one indexed lookup on every agent request.
import { createHash, randomBytes } from "node:crypto";

export function hashAgentSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

export function newAgentSecret(): { secret: string; hash: string } {
  const secret = randomBytes(32).toString("base64url");
  return { secret, hash: hashAgentSecret(secret) };
}
