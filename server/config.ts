import "server-only";
// The console's configuration: every environment variable the web server reads, parsed once when
// this module is first imported. A bad value throws a ConfigError naming the variable, its value
// and what was expected; instrumentation.ts imports this module at start, so the console stops
// with that message instead of running on a silent fallback. An unset or empty variable takes its
// default. Server code reads `consoleConfig`, never process.env.
//
// Not here: NODE_ENV and NEXT_RUNTIME (Next's own); the launcher's PITCREW_PORT, PITCREW_HOST,
// PITCREW_DEMO and the build's PITCREW_NEXT_DIST_DIR, which lib/launcher-config.ts parses for
// scripts/start.ts and next.config.ts (they run outside the server and cannot import server-only
// modules) under the same rules (lib/parse-env.ts).
import { z } from "zod";
import { parseEnv } from "@/lib/parse-env";
import { databaseUrl } from "@/prisma/database-url";
import { parseTrustedProxies, type TrustedProxies } from "@/server/http/trusted-proxies";

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Agents heartbeat every few seconds: a shorter lease would expire between two heartbeats. */
export const MIN_JOB_LEASE_SECONDS = 5;

const optional = z.string().optional();

const consoleEnvSchema = z.object({
  DATABASE_URL: optional,
  PITCREW_DATA_DIR: optional,
  // How long a claim or a renewal keeps a job leased (server/jobs/job-timing.ts says why 60 s).
  PITCREW_JOB_LEASE_SECONDS: z
    .string()
    .refine((value) => Number.isFinite(Number(value)) && Number(value) >= MIN_JOB_LEASE_SECONDS, {
      message: `expected a number of seconds, at least ${MIN_JOB_LEASE_SECONDS} (agents heartbeat every few seconds)`,
    })
    .transform(Number)
    .default(60),
  // The reverse proxies whose forwarded headers the console believes (server/http/trusted-proxies.ts).
  PITCREW_TRUSTED_PROXIES: z
    .string()
    .transform((value, ctx): TrustedProxies => {
      try {
        return parseTrustedProxies(value);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message.replace(/^PITCREW_TRUSTED_PROXIES: /, "") });
        return z.NEVER;
      }
    })
    .default(() => parseTrustedProxies(undefined)),
  // First-start secrets of the user admin (server/auth/ensure-admin-user.ts checks them).
  PITCREW_ADMIN_PASSWORD: optional,
  PITCREW_ADMIN_TOKEN: optional,
});

export interface ConsoleConfig {
  /** DATABASE_URL, or the SQLite file in PITCREW_DATA_DIR (default ./data). */
  databaseUrl: string;
  /** PITCREW_JOB_LEASE_SECONDS (default 60) in milliseconds. */
  jobLeaseMs: number;
  /** PITCREW_TRUSTED_PROXIES (default: none). */
  trustedProxies: TrustedProxies;
  /** PITCREW_ADMIN_PASSWORD, or null to generate one at first start. */
  adminPassword: string | null;
  /** PITCREW_ADMIN_TOKEN, or null to generate one at first start. */
  adminToken: string | null;
}

/** Parses an environment (process.env in the console); throws a ConfigError on a bad value. */
export function parseConsoleConfig(env: Record<string, string | undefined>): ConsoleConfig {
  const vars = parseEnv(consoleEnvSchema, env, (message) => new ConfigError(message));
  return {
    databaseUrl: databaseUrl({ DATABASE_URL: vars.DATABASE_URL, PITCREW_DATA_DIR: vars.PITCREW_DATA_DIR }),
    jobLeaseMs: vars.PITCREW_JOB_LEASE_SECONDS * 1000,
    trustedProxies: vars.PITCREW_TRUSTED_PROXIES,
    adminPassword: vars.PITCREW_ADMIN_PASSWORD ?? null,
    adminToken: vars.PITCREW_ADMIN_TOKEN ?? null,
  };
}

export const consoleConfig: ConsoleConfig = parseConsoleConfig(process.env);
