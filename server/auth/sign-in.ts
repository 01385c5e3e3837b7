import "server-only";
// Username + password → a new database session (docs/architecture.md §6). The refusal never says whether the
// username, the password or the account state was wrong; the audit entry records which, for admins.
import { isRole, type Role } from "@/lib/roles";
import { THROTTLED_REASON } from "@/lib/sign-in-throttle";
import { writeAuditEntry } from "@/server/audit/write-audit-entry";
import { verifyPassword } from "@/server/auth/password-hash";
import { newSecret } from "@/server/auth/random-secret";
import { recordSignInAttempt, settleSignInAttempt } from "@/server/auth/sign-in-throttle";
import { prisma } from "@/server/db";
import { inTransaction } from "@/server/db-transaction";
import { AppError } from "@/server/errors";

// Absolute lifetime, not sliding: a stolen cookie stops working within a working day, and an
// operator signs in at most once a day. Revocation (sign-out, disabling the user) is immediate.
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export const SIGN_IN_REFUSED = "Sign-in refused: wrong username or password, or the user is disabled";

export interface SignInInput {
  username: string;
  password: string;
  fromAddress?: string | null;
  now?: Date;
}

export interface SignedIn {
  /** The cookie value; shown once, only its hash is stored. */
  token: string;
  expiresAt: Date;
  user: { id: string; username: string; role: Role };
}

export async function signIn({
  username,
  password,
  fromAddress = null,
  now = new Date(),
}: SignInInput): Promise<SignedIn> {
  // Recorded and checked before the password, so a locked-out guesser learns nothing, not even from
  // timing, and parallel guesses cannot all pass the check before any of them is counted.
  const { attemptId, throttle } = await recordSignInAttempt(username, fromAddress, now);
  if (throttle) {
    await writeAuditEntry({
      actorType: "user",
      actorId: null,
      action: "auth.sign-in",
      object: `user ${username}`,
      result: "refused",
      detail: {
        reason: THROTTLED_REASON,
        lockedOut: throttle.what,
        retryAfterSeconds: Math.ceil(throttle.retryAfterMs / 1000),
      },
      fromAddress,
      at: now,
    });
    throw new AppError("TOO_MANY_REQUESTS", throttle.message);
  }

  const user = await prisma.user.findUnique({
    where: { username },
    select: { id: true, username: true, role: true, passwordHash: true, disabledAt: true },
  });
  // Always run argon2 (a decoy hash for unknown users) so timing does not reveal which usernames exist.
  const passwordOk = await verifyPassword(user?.passwordHash ?? null, password);
  const reason = !user ? "unknown user" : !passwordOk ? "wrong password" : user.disabledAt ? "user disabled" : null;

  if (reason || !user || !isRole(user.role)) {
    await settleSignInAttempt(attemptId, "failed");
    await writeAuditEntry({
      actorType: "user",
      actorId: user?.id ?? null,
      action: "auth.sign-in",
      object: `user ${username}`,
      result: "refused",
      detail: { reason: reason ?? `unknown role ${user?.role}` },
      fromAddress,
      at: now,
    });
    throw new AppError("UNAUTHORIZED", SIGN_IN_REFUSED);
  }

  const { secret, hash } = newSecret();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await inTransaction(async (tx) => {
    const session = await tx.session.create({
      data: { userId: user.id, tokenHash: hash, createdAt: now, expiresAt, fromAddress },
      select: { id: true },
    });
    await settleSignInAttempt(attemptId, "ok", tx);
    await writeAuditEntry(
      {
        actorType: "user",
        actorId: user.id,
        action: "auth.sign-in",
        object: `user ${user.username}`,
        result: "ok",
        detail: { sessionId: session.id },
        fromAddress,
        at: now,
      },
      tx,
    );
  });
  return { token: secret, expiresAt, user: { id: user.id, username: user.username, role: user.role } };
}
