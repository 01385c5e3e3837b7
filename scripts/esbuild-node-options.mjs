// esbuild options shared by every bundle pitcrew runs in plain Node: the CLI (build-cli.mjs) and
// the bench's in-process engine child (bench/engine.ts), so that both start the same way.

/** @type {import("esbuild").BuildOptions} */
export const nodeBundleOptions = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // Native code cannot be bundled; the rest loads faster as one file.
  external: ["xxhash-addon", "koffi", "better-sqlite3", "@prisma/*", "@node-rs/*"],
  // Bundled CommonJS packages call require() for Node's built-ins, which ESM lacks.
  banner: {
    js: 'import { createRequire as __pitcrewCreateRequire } from "node:module"; const require = __pitcrewCreateRequire(import.meta.url);',
  },
  tsconfig: "tsconfig.json",
  logLevel: "warning",
};
