// Integration tests against a real console (`next start` on the production build) and real agent
// processes: run after `next build` (scripts/test.sh), one file at a time. Standalone rather than
// merged with vitest.config.ts, because mergeConfig would append to its include list.
import { defineConfig } from "vitest/config";
import { vitestAliases } from "./vitest.aliases";

export default defineConfig({
  resolve: { alias: vitestAliases },
  test: {
    environment: "node",
    pool: "forks",
    include: ["test/integration/**/*.test.ts"],
    globalSetup: ["test/support/integration-global-setup.ts"],
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 180_000,
  },
});
