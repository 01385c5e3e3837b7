#!/usr/bin/env node
// The `pitcrew` command. Runs the bundled CLI (dist/pitcrew.mjs, made by `npm run build:cli`)
// when it is at least as new as every source it was built from; otherwise the TypeScript
// sources through tsx, with the project's tsconfig named so "@/" imports resolve from any
// working directory. A stale bundle is never run.
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { prestartCopyWorkerEarly } from "./copy-worker-spawn.js";

prestartCopyWorkerEarly(process.argv.slice(2));

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bundle = path.join(root, "dist", "pitcrew.mjs");

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts"))
      newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function bundleIsFresh() {
  if (!existsSync(bundle)) return false;
  const built = statSync(bundle).mtimeMs;
  // Every folder the bundle draws code from (cli/main.ts runs the agent too).
  const sources = ["cli", "engine", "lib", "agent"].map((d) => newestSource(path.join(root, d)));
  const alsoBundled = ["tsconfig.json", "bin/copy-worker-spawn.js"].map((f) => statSync(path.join(root, f)).mtimeMs);
  return Math.max(...sources, ...alsoBundled) <= built;
}

if (bundleIsFresh()) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import("tsx/esm/api");
  register({ tsconfig: path.join(root, "tsconfig.json") });
  await import(pathToFileURL(path.join(root, "cli", "main.ts")).href);
}
