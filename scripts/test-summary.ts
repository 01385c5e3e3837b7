// Closing report of scripts/test.sh. Arguments: the reports folder, then one "name:exitCode" per step
// ("playwright:not-run" when skipped, "integration-postgres:no-postgres" when CI has no PostgreSQL).
// typecheck, lint and build count as one check each; vitest, the integration runs and playwright
// count their tests. A suite that failed without a failing test in its report (a crash, a
// file that did not load, a web server that did not start) counts as one more failure.
// Prints skipped tests by name, then exactly one last line "N passed, N failed".
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

interface Tally {
  passed: number;
  failed: number;
  skipped: string[];
  failures: string[];
  notes: string[];
}

const [reportsDir = "test-reports", ...steps] = process.argv.slice(2);
const total: Tally = { passed: 0, failed: 0, skipped: [], failures: [], notes: [] };

function readJson(file: string): unknown {
  try {
    return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : null;
  } catch {
    return null;
  }
}

interface VitestReport {
  testResults: {
    name: string;
    status: string;
    message?: string;
    assertionResults: { fullName: string; status: string }[];
  }[];
}

function tallyVitest(report: VitestReport, t: Tally) {
  for (const file of report.testResults) {
    const rel = path.relative(process.cwd(), file.name);
    let fileFailures = 0;
    for (const test of file.assertionResults) {
      const name = `vitest ${rel} > ${test.fullName}`;
      if (test.status === "passed") t.passed++;
      else if (test.status === "failed") {
        t.failed++;
        fileFailures++;
        t.failures.push(name);
      } else t.skipped.push(`${name} (${test.status})`);
    }
    if (file.status === "failed" && fileFailures === 0) {
      t.failed++;
      t.failures.push(`vitest ${rel}: ${(file.message ?? "failed to run").split("\n")[0]}`);
    }
  }
}

interface PwSuite {
  title: string;
  suites?: PwSuite[];
  specs?: { title: string; tests: { projectName: string; status: string }[] }[];
}
interface PwReport {
  suites: PwSuite[];
  errors?: { message?: string }[];
}

function tallyPlaywright(report: PwReport, t: Tally) {
  const walk = (suite: PwSuite, titles: string[]) => {
    const here = suite.title ? [...titles, suite.title] : titles;
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        const name = `playwright [${test.projectName}] ${[...here, spec.title].join(" > ")}`;
        if (test.status === "expected") t.passed++;
        else if (test.status === "flaky") {
          t.passed++;
          t.notes.push(`FLAKY (passed on retry): ${name}`);
        } else if (test.status === "skipped") t.skipped.push(name);
        else {
          t.failed++;
          t.failures.push(name);
        }
      }
    }
    for (const child of suite.suites ?? []) walk(child, here);
  };
  for (const suite of report.suites) walk(suite, []);
  for (const error of report.errors ?? []) {
    t.failed++;
    t.failures.push(`playwright: ${(error.message ?? "error").split("\n")[0]}`);
  }
}

for (const step of steps) {
  const [name = "?", status = "?"] = step.split(":");
  const ok = status === "0";
  if (name === "vitest" || name === "integration" || name === "integration-postgres" || name === "playwright") {
    const report =
      status === "not-run" || status === "no-postgres" ? null : readJson(path.join(reportsDir, `${name}.json`));
    const t: Tally = { passed: 0, failed: 0, skipped: [], failures: [], notes: [] };
    if (report && name !== "playwright") tallyVitest(report as VitestReport, t);
    if (report && name === "playwright") tallyPlaywright(report as PwReport, t);
    if (!ok && t.failed === 0) {
      t.failed = 1;
      t.failures.push(
        status === "not-run"
          ? `${name}: not run (an earlier step it needs failed)`
          : status === "no-postgres"
            ? `${name}: not run, PostgreSQL is not installed (PITCREW_REQUIRE_POSTGRES=1)`
            : `${name}: exit ${status} without a failing test in its report`,
      );
    }
    console.log(`${name}: ${t.passed} passed, ${t.failed} failed, ${t.skipped.length} skipped`);
    total.passed += t.passed;
    total.failed += t.failed;
    total.skipped.push(...t.skipped);
    total.failures.push(...t.failures);
    total.notes.push(...t.notes);
  } else {
    console.log(`${name}: ${ok ? "passed" : `FAILED (exit ${status})`}`);
    if (ok) total.passed++;
    else {
      total.failed++;
      total.failures.push(name);
    }
  }
}

for (const note of total.notes) console.log(note);
for (const name of total.skipped) console.log(`SKIPPED: ${name}`);
for (const name of total.failures) console.log(`FAILED: ${name}`);
console.log(`${total.passed} passed, ${total.failed} failed`);
process.exitCode = total.failed > 0 ? 1 : 0;
