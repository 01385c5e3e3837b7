// Where one Playwright run keeps its signed-in state and its results. A run against its own
// Next build (PITCREW_NEXT_DIST_DIR=.next-console) gets its own auth file and results folder, so
// two runs in one checkout (several engineers) no longer overwrite each other's session cookie
// or wipe each other's screenshots. Without the variable: playwright/.auth/admin.json and
// test-results/, as CI uses them.
import path from "node:path";

const dist = process.env.PITCREW_NEXT_DIST_DIR;
const suffix =
  dist && path.basename(dist) !== ".next"
    ? path
        .basename(dist)
        .replace(/^\.+/, "")
        .replace(/[^A-Za-z0-9_-]/g, "")
    : "";

export const testResultsDir = suffix ? `test-results-${suffix}` : "test-results";
export const adminStorageState = suffix ? `playwright/.auth/admin-${suffix}.json` : "playwright/.auth/admin.json";
