import "server-only";
// Who is calling: `Authorization: Bearer <personal API token>` (CLI, scripts) first, else the
// `pitcrew_session` cookie (browser). Unknown, revoked and expired credentials and disabled users
// all give null, so the caller learns nothing about which exist; the procedure answers UNAUTHORIZED.
import { isRole, type Role } from "@/lib/roles";
import { hashSecret } from "@/server/auth/random-secret";
import { sessionTokenFrom } from "@/server/auth/session-cookie";
import { prisma } from "@/server/db";

export interface Caller {
  userId: string;
  username: string;
  role: Role;
  /** How the caller proved who they are. */
  via: "session" | "api-token";
  /** The session behind a browser caller (sign-out revokes it). */
  sessionId?: string;
}

// lastUsedAt is for people ("when was this token last used?"); minute precision is plenty, and
// writing on every request would add a write to every page load and CLI call.
const LAST_USED_RESOLUTION_MS = 60_000;

const userFields = { select: { id: true, username: true, role: true, disabledAt: true } } as const;

interface Credential {
  id: string;
  revokedAt: Date | null;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  user: { id: string; username: string; role: string; disabledAt: Date | null };
}

function isUsable(credential: Credential | null, now: Date): credential is Credential {
  if (!credential || credential.revokedAt || credential.user.disabledAt) return false;
  if (credential.expiresAt && credential.expiresAt <= now) return false;
  return isRole(credential.user.role);
}

function needsTouch(credential: Credential, now: Date): Date | null {
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  return !credential.lastUsedAt || credential.lastUsedAt < staleBefore ? staleBefore : null;
}

export async function resolveCaller(headers: Headers, now: Date = new Date()): Promise<Caller | null> {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.get("authorization") ?? "")?.[1];
  if (bearer) {
    // A bearer header that does not work is a refusal, not a fall-back to the cookie: a script
    // with a revoked token must not quietly act as whoever is signed in in the same browser.
    const token = await prisma.apiToken.findUnique({
      where: { tokenHash: hashSecret(bearer) },
      select: { id: true, revokedAt: true, expiresAt: true, lastUsedAt: true, user: userFields },
    });
    if (!isUsable(token, now)) return null;
    const staleBefore = needsTouch(token, now);
    if (staleBefore) {
      await prisma.apiToken.updateMany({
        where: { id: token.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] },
        data: { lastUsedAt: now },
      });
    }
    return { userId: token.user.id, username: token.user.username, role: token.user.role as Role, via: "api-token" };
  }

  const cookie = sessionTokenFrom(headers);
  if (!cookie) return null;
  const session = await prisma.session.findUnique({
    where: { tokenHash: hashSecret(cookie) },
    select: { id: true, revokedAt: true, expiresAt: true, lastUsedAt: true, user: userFields },
  });
  if (!isUsable(session, now)) return null;
  const staleBefore = needsTouch(session, now);
  if (staleBefore) {
    await prisma.session.updateMany({
      where: { id: session.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] },
      data: { lastUsedAt: now },
    });
  }
  return {
    userId: session.user.id,
    username: session.user.username,
    role: session.user.role as Role,
    via: "session",
    sessionId: session.id,
  };
}
