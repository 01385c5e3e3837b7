import "server-only";
// An agent trades a one-time enrolment token for its own credential (docs/architecture.md §6). The token is
// marked used in the same transaction that creates the credential, conditionally on it still being
// unused, so two agents racing with one token get one credential between them.
import type { Prisma } from "@/generated/sqlite/client";
import { writeAuditEntry } from "@/server/audit/write-audit-entry";
import { inTransaction } from "@/server/db-transaction";
import { AppError } from "@/server/errors";
import { hashSecret, newSecret } from "@/server/auth/random-secret";

export interface EnrolAgentInput {
  enrolmentToken: string;
  hostName: string;
  agentVersion: string;
  protocolVersion: number;
  fromAddress?: string | null;
  now?: Date;
}

export async function enrolAgent(input: EnrolAgentInput): Promise<{ hostId: string; credential: string }> {
  const { hostName, fromAddress, now = new Date() } = input;
  try {
    return await inTransaction((tx) => enrolInTransaction(tx, input, now));
  } catch (error) {
    if (error instanceof AppError) {
      await writeAuditEntry({
        actorType: "agent",
        actorId: null,
        action: "agent.enrol",
        object: `host ${hostName}`,
        result: "refused",
        detail: { code: error.code, message: error.message, agentVersion: input.agentVersion },
        fromAddress,
        at: now,
      });
    }
    throw error;
  }
}

async function enrolInTransaction(tx: Prisma.TransactionClient, input: EnrolAgentInput, now: Date) {
  const { hostName, agentVersion, protocolVersion, fromAddress } = input;
  const token = await tx.enrolmentToken.findUnique({
    where: { tokenHash: hashSecret(input.enrolmentToken) },
    select: { id: true, hostName: true, expiresAt: true, usedAt: true },
  });
  if (!token)
    throw new AppError("UNAUTHORIZED", `Enrolment of host ${hostName} refused: the enrolment token is not valid`);
  if (token.usedAt) {
    throw new AppError(
      "UNAUTHORIZED",
      `Enrolment of host ${hostName} refused: the enrolment token was already used at ${token.usedAt.toISOString()}`,
    );
  }
  if (token.expiresAt <= now) {
    throw new AppError(
      "UNAUTHORIZED",
      `Enrolment of host ${hostName} refused: the enrolment token expired at ${token.expiresAt.toISOString()}`,
    );
  }
  const isTokenForThisHost = token.hostName === hostName;
  if (token.hostName !== null && !isTokenForThisHost) {
    throw new AppError(
      "FORBIDDEN",
      `Enrolment of host ${hostName} refused: the enrolment token was made for host ${token.hostName}`,
    );
  }

  const existing = await tx.host.findUnique({
    where: { name: hostName },
    select: { id: true, revokedAt: true, credentials: { where: { revokedAt: null }, select: { id: true }, take: 1 } },
  });
  // A generic token must not take over a host that still has a working agent, nor bring back a
  // host an admin revoked: both need a token made for that host name (an explicit admin decision).
  if (existing?.revokedAt && !isTokenForThisHost) {
    throw new AppError(
      "FORBIDDEN",
      `Enrolment of host ${hostName} refused: the host was revoked at ${existing.revokedAt.toISOString()}; use an enrolment token made for host ${hostName}`,
    );
  }
  if (existing && existing.credentials.length > 0 && !isTokenForThisHost) {
    throw new AppError(
      "CONFLICT",
      `Enrolment of host ${hostName} refused: the host already has an active agent credential; revoke it or use an enrolment token made for host ${hostName}`,
    );
  }

  const { count } = await tx.enrolmentToken.updateMany({
    where: { id: token.id, usedAt: null },
    data: { usedAt: now },
  });
  if (count === 0)
    throw new AppError("UNAUTHORIZED", `Enrolment of host ${hostName} refused: the enrolment token was already used`);

  const hostData = { agentVersion, protocolVersion, revokedAt: null };
  const host = existing
    ? await tx.host.update({ where: { id: existing.id }, data: hostData, select: { id: true } })
    : await tx.host.create({ data: { name: hostName, ...hostData }, select: { id: true } });
  // Re-enrolment (a reinstalled host) replaces the old agent: its credential stops working.
  const { count: replaced } = await tx.agentCredential.updateMany({
    where: { hostId: host.id, revokedAt: null },
    data: { revokedAt: now },
  });
  const { secret, hash } = newSecret();
  await tx.agentCredential.create({ data: { hostId: host.id, tokenHash: hash, createdAt: now } });
  await tx.enrolmentToken.update({ where: { id: token.id }, data: { usedByHostId: host.id } });
  await writeAuditEntry(
    {
      actorType: "agent",
      actorId: host.id,
      action: "agent.enrol",
      object: `host ${hostName}`,
      result: "ok",
      detail: { tokenId: token.id, agentVersion, protocolVersion, isNewHost: !existing, replacedCredentials: replaced },
      fromAddress,
      at: now,
    },
    tx,
  );
  return { hostId: host.id, credential: secret };
}
