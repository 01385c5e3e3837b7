import "server-only";
// First start: creates the user "admin" (role admin) and its API token "admin-bootstrap", so a fresh
// console can be signed into and scripted. Called from instrumentation.ts at server start and from
// scripts/start.ts (tsx --conditions=react-server) before `next start`; the second call finds the
// admin and creates nothing.
//
// PITCREW_ADMIN_PASSWORD / PITCREW_ADMIN_TOKEN choose the secrets; whatever is not given is
// generated and returned once, for the caller to print. Once an admin exists nothing is ever
// overwritten, even when the variables change: they are first-start settings, not a reset.
import { randomBytes } from "node:crypto";
import { writeAuditEntry } from "@/server/audit/write-audit-entry";
import { API_TOKEN_PREFIX } from "@/server/auth/create-api-token";
import { hashPassword } from "@/server/auth/password-hash";
import { passwordProblem } from "@/server/auth/password-policy";
import { hashSecret, newSecret } from "@/server/auth/random-secret";
import { consoleConfig, parseConsoleConfig, type ConsoleConfig } from "@/server/config";
import { prisma } from "@/server/db";
import { inTransaction } from "@/server/db-transaction";
import { AppError } from "@/server/errors";
import { isUniqueViolation } from "@/server/jobs/is-unique-violation";

export const ADMIN_USERNAME = "admin";
export const ADMIN_TOKEN_NAME = "admin-bootstrap";
// A chosen token is looked up by a fast hash (random-secret.ts), which is only safe for secrets
// nobody can guess; 16 characters is the floor, a generated token has 43.
export const MIN_ADMIN_TOKEN_LENGTH = 16;

export interface EnsureAdminUserResult {
  created: boolean;
  username: string;
  /** Only when generated (PITCREW_ADMIN_PASSWORD unset) and just created: print it once. */
  password: string | null;
  /** Only when generated (PITCREW_ADMIN_TOKEN unset) and just created: print it once. */
  token: string | null;
}

export interface EnsureAdminUserOptions {
  /** An environment to read the variables from instead of the console's (server/config.ts). */
  env?: Record<string, string | undefined>;
  now?: Date;
}

function chosenSecrets({ adminPassword: password, adminToken: token }: ConsoleConfig) {
  // The token is checked on every start, not only the first, so a bad value fails loudly at boot
  // (docs/architecture.md §10 rule 7). The password is checked where it is set, below.
  if (token !== null && (token.length < MIN_ADMIN_TOKEN_LENGTH || /\s/.test(token))) {
    throw new AppError(
      "INVALID_INPUT",
      `PITCREW_ADMIN_TOKEN: must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters without spaces (API token ${ADMIN_TOKEN_NAME} of user ${ADMIN_USERNAME})`,
    );
  }
  return { password, token };
}

async function adminExists(): Promise<boolean> {
  // "First start" = no user called admin and no user with the admin role. A disabled bootstrap
  // admin still counts: an admin who disabled it on purpose must not see it come back.
  const count = await prisma.user.count({ where: { OR: [{ username: ADMIN_USERNAME }, { role: "admin" }] } });
  return count > 0;
}

export async function ensureAdminUser({
  env,
  now = new Date(),
}: EnsureAdminUserOptions = {}): Promise<EnsureAdminUserResult> {
  const chosen = chosenSecrets(env ? parseConsoleConfig(env) : consoleConfig);
  const nothing: EnsureAdminUserResult = { created: false, username: ADMIN_USERNAME, password: null, token: null };
  if (await adminExists()) return nothing;
  // The password policy (password-policy.ts), as for any new password, when the password is set.
  // Not on later starts: the variable is unused then, and a console whose first start took an
  // 8-character password under the old rule must not refuse to start after an upgrade.
  const problem = chosen.password === null ? null : passwordProblem(chosen.password, [ADMIN_USERNAME]);
  if (problem) throw new AppError("INVALID_INPUT", `PITCREW_ADMIN_PASSWORD: ${problem} (user ${ADMIN_USERNAME})`);

  const password = chosen.password ?? randomBytes(18).toString("base64url");
  const token = chosen.token ? { secret: chosen.token, hash: hashSecret(chosen.token) } : newSecret(API_TOKEN_PREFIX);
  const passwordHash = await hashPassword(password); // outside the transaction: it takes ~50 ms
  try {
    await inTransaction(async (tx) => {
      const user = await tx.user.create({
        data: { username: ADMIN_USERNAME, passwordHash, role: "admin", createdAt: now },
        select: { id: true },
      });
      const apiToken = await tx.apiToken.create({
        data: { userId: user.id, name: ADMIN_TOKEN_NAME, tokenHash: token.hash, createdAt: now },
        select: { id: true },
      });
      await writeAuditEntry(
        {
          actorType: "system",
          actorId: null,
          action: "user.bootstrap-admin",
          object: `user ${ADMIN_USERNAME}`,
          result: "ok",
          at: now,
          detail: {
            userId: user.id,
            tokenId: apiToken.id,
            password: chosen.password ? "PITCREW_ADMIN_PASSWORD" : "generated",
            token: chosen.token ? "PITCREW_ADMIN_TOKEN" : "generated",
          },
        },
        tx,
      );
    });
  } catch (error) {
    // Two processes starting at once (scripts/start.ts and the server): the other one won.
    if (isUniqueViolation(error)) return nothing;
    throw error;
  }
  return {
    created: true,
    username: ADMIN_USERNAME,
    password: chosen.password ? null : password,
    token: chosen.token ? null : token.secret,
  };
}

/** The one line to print after a first start, or null when there is nothing to tell. */
export function describeAdminBootstrap(result: EnsureAdminUserResult): string | null {
  if (!result.created) return null;
  const password = result.password ?? "(from PITCREW_ADMIN_PASSWORD)";
  const token = result.token ?? "(from PITCREW_ADMIN_TOKEN)";
  return `pitcrew: created user ${result.username}; password: ${password} ; API token: ${token} (shown once)`;
}
