import { defineConfig } from "vitest/config";
import { vitestAliases } from "./vitest.aliases";

export default defineConfig({
  resolve: { alias: vitestAliases },
  test: {
    environment: "node",
    // Forks, not threads: better-sqlite3 and the engine's loop devices behave per process.
    pool: "forks",
    include: ["**/*.test.ts"],
    // test/integration needs the production build: vitest.integration.config.ts runs it after `next build`.
    exclude: ["e2e/**", "node_modules/**", ".next/**", ".next-*/**", "generated/**", "data/**", "test/integration/**"],
    globalSetup: ["test/support/global-setup.ts"],
    // Engine integration tests copy real volumes; 120 s leaves room on the 2-core CI machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
