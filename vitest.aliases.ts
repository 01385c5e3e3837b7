// Module aliases shared by the unit and integration vitest configs: "@/…" from the repository
// root, and "server-only" as a no-op (Next gives it meaning; tests import server code directly).
import path from "node:path";

const root = import.meta.dirname;

export const vitestAliases = {
  "@": root,
  "server-only": path.join(root, "test/support/server-only-stub.ts"),
};
