// Vitest globalSetup: every run gets a fresh, migrated SQLite database in a temp dir. Workers inherit
// process.env.DATABASE_URL, so server/db.ts opens this file, never data/pitcrew.db. It first
// sweeps the scratch that killed runs left (test/support/sweep-stale-scratch.ts).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sweepStaleScratch } from "./sweep-stale-scratch";

export default function setup() {
  for (const dir of sweepStaleScratch()) console.log(`removed stale test scratch ${dir} (left by a killed run)`);
  const dir = mkdtempSync(path.join(tmpdir(), "pitcrew-test-"));
  const url = `file:${path.join(dir, "test.db")}`;
  try {
    execFileSync("npx", ["prisma", "migrate", "deploy"], {
      env: { ...process.env, DATABASE_URL: url },
      stdio: "pipe", // Prisma is chatty on success; show its output only when it fails
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    console.error(`prisma migrate deploy failed for ${url}:\n${stdout ?? ""}${stderr ?? ""}`);
    throw error;
  }
  process.env.DATABASE_URL = url;
  return () => rmSync(dir, { recursive: true, force: true });
}
