// The launcher's configuration: the variables `npm start` (scripts/start.ts) and the Next build
// (next.config.ts) read, which run outside the web server and so cannot use server/config.ts
// (server-only). Same rules as there: parsed once, an unset or empty variable takes its default,
// and a bad value throws a LauncherConfigError naming the variable, its value and what was
// expected, instead of a silent fallback (PITCREW_DEMO=false used to mean "demo on").
import { z } from "zod";
// Relative, not "@/": next.config.ts loads this file before any path alias exists.
import { parseEnv } from "./parse-env";

export class LauncherConfigError extends Error {
  override name = "LauncherConfigError";
}

const launcherEnvSchema = z.object({
  PITCREW_PORT: z
    .string()
    .regex(/^\d+$/, "expected a TCP port number, 1 to 65535")
    .transform(Number)
    .refine((port) => port >= 1 && port <= 65_535, "expected a TCP port number, 1 to 65535")
    .default(3000),
  // Loopback by default: the demo agents and a freshly generated admin password should not be
  // reachable from the LAN unless the operator asks for it (PITCREW_HOST=0.0.0.0).
  PITCREW_HOST: z
    .string()
    .regex(/^[A-Za-z0-9.:-]+$/, "expected an address or host name to listen on, e.g. 127.0.0.1, 0.0.0.0 or ::")
    .default("127.0.0.1"),
  PITCREW_DEMO: z
    .enum(["0", "1", "false", "true"], { message: "expected 1 (demo SAN and agents, the default) or 0 (none)" })
    .transform((value) => value === "1" || value === "true")
    .default(true),
  // Lets several checkouts' worth of builds share one tree (parallel developers, CI jobs) without
  // one `next build` pulling the files from under another's server. Next wants it inside the project.
  PITCREW_NEXT_DIST_DIR: z
    .string()
    .refine(
      (dir) => !dir.startsWith("/") && !dir.split("/").includes(".."),
      "expected a directory inside the project, e.g. .next-console",
    )
    .default(".next"),
});

export interface LauncherConfig {
  /** PITCREW_PORT (default 3000). */
  port: number;
  /** PITCREW_HOST (default 127.0.0.1): the address the console listens on. */
  host: string;
  /** PITCREW_DEMO (default on): the demo SAN and its two local agents. */
  demo: boolean;
  /** PITCREW_NEXT_DIST_DIR (default .next): where the Next build lives. */
  nextDistDir: string;
}

/** Parses an environment (process.env); throws a LauncherConfigError on a bad value. */
export function parseLauncherConfig(env: Record<string, string | undefined>): LauncherConfig {
  const vars = parseEnv(launcherEnvSchema, env, (message) => new LauncherConfigError(message));
  return {
    port: vars.PITCREW_PORT,
    host: vars.PITCREW_HOST,
    demo: vars.PITCREW_DEMO,
    nextDistDir: vars.PITCREW_NEXT_DIST_DIR,
  };
}
