// Integration tests against a real console (`next start` on the production build) and real agent
// processes: run after `next build` (scripts/test.sh), one file at a time. Standalone rather than
// merged with vitest.config.ts, because mergeConfig would append to its include list.
import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;

export default defineConfig({
  resolve: {
    alias: {
      "@": root,
      "server-only": path.join(root, "test/server-only-stub.ts"),
    },
  },
  test: {
    environment: "node",
    pool: "forks",
    include: ["test/integration/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 180_000,
  },
});
