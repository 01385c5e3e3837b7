// Bundles the pitcrew CLI (cli/main.ts and the engine it uses) into dist/pitcrew.mjs, so that
// `pitcrew` starts in plain Node without compiling TypeScript at every run (about a second per
// command through tsx; a copy costs three commands: start, worker and -w). Pure-JS packages are
// bundled too: loaded from node_modules file by file, zod alone took 200 ms of every start.
// Native addons stay external. Split into chunks: each command loads only its own code (see
// cli/main.ts). bin/pitcrew.js falls back to the sources when the bundle is missing or older than
// them.
import { rmSync } from "node:fs";
import { build } from "esbuild";
import { nodeBundleOptions } from "./esbuild-node-options.mjs";

// Chunk names carry a content hash; old ones would pile up.
rmSync("dist", { recursive: true, force: true });

await build({
  ...nodeBundleOptions,
  entryPoints: { pitcrew: "cli/main.ts" },
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
  // Chunks sit beside pitcrew.mjs, one level below the root, as cli/install-paths.ts expects.
  chunkNames: "[name]-[hash]",
  splitting: true,
  sourcemap: "linked",
});
