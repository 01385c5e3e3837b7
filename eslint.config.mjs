// Lint config. Besides the usual rule sets it enforces the folder boundaries of docs/architecture.md §10 rule 6, so
// a wrong-way import fails `npm run lint` instead of surfacing as a Next build or runtime error.
import js from "@eslint/js";
import nextPlugin from "@next/eslint-plugin-next";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

// Regexes, not globs: a glob like "**/server/**" would also catch "@trpc/server/adapters/fetch".
const inFolder = (folder) => `^(@/|(\\./|(\\.\\./)+))${folder}(/|$)`;
const webOnly = (folder) => ({
  regex: inFolder(folder),
  message: `${folder}/ is web-console code; this folder must not depend on it (docs/architecture.md §10 rule 6).`,
});
const frameworks = {
  regex: `^(next|react|react-dom)(/|$)|^@prisma/|${inFolder("generated")}`,
  message: "engine/ and lib/ are plain Node/TypeScript: no Next, React, Prisma or generated code.",
};
const nodeBuiltins = {
  regex: "^node:",
  message: "lib/ is shared by every runtime (browser included): no node:* modules.",
};
const webFolders = ["server", "app", "components", "trpc"].map(webOnly);

export default tseslint.config(
  {
    ignores: [
      ".next/**",
      ".next-*/**",
      "generated/**",
      "node_modules/**",
      "test-results/**",
      "test-reports/**",
      "playwright-report/**",
      "data/**",
      "dist/**",
      "next-env.d.ts",
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    // typescript-eslint turns no-undef off for .ts (the compiler checks names). For the few plain JS
    // files (bin/ shims, configs) it would flag Node globals such as URL without a globals list, and
    // the `globals` package is not a dependency.
    files: ["**/*.{js,mjs,cjs}"],
    rules: { "no-undef": "off" },
  },
  {
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "trpc/**/*.{ts,tsx}"],
    ...nextPlugin.configs["core-web-vitals"],
  },
  {
    files: ["**/*.tsx", "app/**/*.ts", "components/**/*.ts", "trpc/**/*.ts"],
    ...reactHooks.configs.flat.recommended,
  },
  // Folder boundaries. A later block for the same files replaces the rule, so each block lists
  // everything its folder may not import.
  {
    files: ["agent/**", "cli/**", "bench/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: webFolders.map((p) => ({ ...p, allowTypeImports: true })) }],
    },
  },
  {
    files: ["engine/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [...webFolders, frameworks] }] },
  },
  {
    files: ["lib/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [...webFolders, frameworks, nodeBuiltins] }] },
  },
  {
    files: ["components/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [webOnly("server")] }] },
  },
  // Test code stays out of what ships: test/ (test/support helpers, integration tests) and e2e/.
  // typescript-eslint's copy of the rule, so that this block does not replace the folder blocks
  // above for the same files.
  {
    files: ["{app,server,lib,engine,agent,cli,components,trpc,scripts,bin}/**/*.{ts,tsx,js,mjs}", "*.{ts,tsx,js,mjs}"],
    ignores: ["**/*.test.{ts,tsx}", "vitest.*", "playwright.config.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: ["test", "e2e"].map((folder) => ({
            regex: inFolder(folder),
            message: `${folder}/ is test code; production code must not import it.`,
          })),
        },
      ],
    },
  },
);
