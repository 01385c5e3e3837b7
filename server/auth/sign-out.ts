import "server-only";
// Ends one browser session: revokedAt is set (the row stays for the audit trail) and the cookie
// stops working at once on every console instance, since sessions live in the database.
import { writeAuditEntry } from "@/server/audit/write-audit-entry";
import { inTransaction } from "@/server/db-transaction";

export interface SignOutInput {
  sessionId: string;
  fromAddress?: string | null;
  now?: Date;
}

export async function signOut({ sessionId, fromAddress = null, now = new Date() }: SignOutInput): Promise<void> {
  await inTransaction(async (tx) => {
    const session = await tx.session.findUnique({
      where: { id: sessionId },
      select: { userId: true, revokedAt: true, user: { select: { username: true } } },
    });
    if (!session || session.revokedAt) return;
    await tx.session.update({ where: { id: sessionId }, data: { revokedAt: now } });
    await writeAuditEntry(
      {
        actorType: "user",
        actorId: session.userId,
        action: "auth.sign-out",
        object: `user ${session.user.username}`,
        result: "ok",
        detail: { sessionId },
        fromAddress,
        at: now,
      },
      tx,
    );
  });
}
