import "server-only";
// Turns an agent's "Authorization: Bearer <credential>" into its Host. Unknown, revoked and
// malformed credentials all get the same answer, so a caller learns nothing about which exist.
import { prisma } from "@/server/db";
import { AppError } from "@/server/errors";
import { hashSecret } from "@/server/auth/random-secret";

export interface AuthenticatedAgent {
  hostId: string;
  hostName: string;
  credentialId: string;
}

// lastUsedAt is for operators ("when did this credential last work?"); minute precision is plenty,
// and writing it on every request would put a write on the agent's hottest path (progress reports).
const LAST_USED_RESOLUTION_MS = 60_000;

const REFUSED = "The agent credential is missing, unknown or revoked; enrol the agent again";

export async function authenticateAgent(
  authorizationHeader: string | null,
  now: Date = new Date(),
): Promise<AuthenticatedAgent> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorizationHeader ?? "");
  const secret = match?.[1];
  if (!secret) throw new AppError("UNAUTHORIZED", REFUSED);
  const credential = await prisma.agentCredential.findUnique({
    where: { tokenHash: hashSecret(secret) },
    select: {
      id: true,
      revokedAt: true,
      lastUsedAt: true,
      host: { select: { id: true, name: true, revokedAt: true } },
    },
  });
  if (!credential || credential.revokedAt || credential.host.revokedAt) throw new AppError("UNAUTHORIZED", REFUSED);
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!credential.lastUsedAt || credential.lastUsedAt < staleBefore) {
    await prisma.agentCredential.updateMany({
      where: { id: credential.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] },
      data: { lastUsedAt: now },
    });
  }
  return { hostId: credential.host.id, hostName: credential.host.name, credentialId: credential.id };
}
