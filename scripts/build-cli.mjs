// Bundles the pitcrew CLI (cli/main.ts and the engine it uses) into dist/pitcrew.mjs, so that
// `pitcrew` starts in plain Node without compiling TypeScript at every run (about a second per
// command through tsx; a copy costs three commands: start, worker and -w). Packages stay
// external and load from node_modules. bin/pitcrew.js falls back to the sources when the
// bundle is missing or older than them.
import { build } from "esbuild";

await build({
  entryPoints: ["cli/main.ts"],
  outfile: "dist/pitcrew.mjs",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  tsconfig: "tsconfig.json",
  sourcemap: "linked",
  logLevel: "warning",
});
