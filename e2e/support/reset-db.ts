// Runs before `next start` in playwright.config.ts's webServer command (Playwright starts the web
// server before globalSetup, so a globalSetup would migrate too late). Each run starts from an
// empty, fully migrated database.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";

const url = process.env.DATABASE_URL;
if (!url?.startsWith("file:")) throw new Error(`e2e needs a SQLite file: DATABASE_URL, got ${url}`);

const file = url.slice("file:".length);
for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
mkdirSync(path.dirname(file), { recursive: true }); // better-sqlite3 will not create the directory
execFileSync("npx", ["prisma", "migrate", "deploy"], { stdio: ["ignore", "ignore", "inherit"] });
console.log(`e2e database ready: ${url}`);
