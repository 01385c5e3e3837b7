// The part of `npm start` that needs the console's server code, run before `next start` as
//   npx tsx --conditions=react-server scripts/demo/prepare-console.ts [--agent HOST=CREDENTIAL_FILE]…
// (the react-server condition turns `import "server-only"` into the no-op it is inside Next).
// It makes sure the user `admin` exists and issues a one-time enrolment token for each demo agent
// that cannot sign in with a stored credential, then prints one JSON line (PrepareConsoleResult)
// on stdout for the launcher. Nothing else may write to stdout.
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { authenticateAgent } from "@/server/agents/authenticate-agent";
import { createEnrolmentToken } from "@/server/agents/create-enrolment-token";
import { ensureAdminUser } from "@/server/auth/ensure-admin-user";
import { prisma } from "@/server/db";

export interface PrepareConsoleResult {
  admin: { created: boolean; username: string; password: string | null; token: string | null };
  /** Per host: a token to enrol with, or null when its stored credential still works. */
  enrolmentTokens: Record<string, string | null>;
}

// Long enough for a first `next build` and start on a slow machine; the token is one-time anyway.
const ENROLMENT_TOKEN_TTL_SECONDS = 30 * 60;

/** True when the credential file holds a credential the console accepts (not revoked, same database). */
async function hasWorkingCredential(credentialFile: string): Promise<boolean> {
  const credential = (await readFile(credentialFile, "utf8").catch(() => "")).trim();
  if (!credential) return false;
  return authenticateAgent(`Bearer ${credential}`).then(
    () => true,
    () => false,
  );
}

async function main(argv: string[]): Promise<PrepareConsoleResult> {
  const { values } = parseArgs({ args: argv, options: { agent: { type: "string", multiple: true } }, strict: true });
  const admin = await ensureAdminUser();
  const enrolmentTokens: Record<string, string | null> = {};
  for (const spec of values.agent ?? []) {
    const eq = spec.indexOf("=");
    if (eq <= 0) throw new Error(`--agent ${spec}: expected HOST=CREDENTIAL_FILE`);
    const [hostName, credentialFile] = [spec.slice(0, eq), spec.slice(eq + 1)];
    // A credential from an older database (data dir partly wiped) would be refused forever: a
    // token made for this host name lets the agent enrol again and replace it.
    enrolmentTokens[hostName] = (await hasWorkingCredential(credentialFile))
      ? null
      : (await createEnrolmentToken({ hostName, ttlSeconds: ENROLMENT_TOKEN_TTL_SECONDS })).token;
  }
  return { admin, enrolmentTokens };
}

try {
  const result = await main(process.argv.slice(2));
  process.stdout.write(`${JSON.stringify(result)}\n`);
} catch (err) {
  process.stderr.write(`prepare-console: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
}
