// Every main page, in the light and the dark theme, checked by axe-core (WCAG 2.1 A and AA rules,
// colour contrast included) once its data has rendered. The set and I/O group pages use a small
// set in this spec's own disk group, so no other spec's volumes are touched; the runbook pages use
// a runbook of this spec's own, on disk groups of its own, with one run that succeeded and one
// that failed at the backup (so the run pages show both the archive and the error, Resume and Abandon).
import { writeFile } from "node:fs/promises";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { runbookEditHref, runbookHref, runHref } from "../lib/runbook-route";
import { setHref } from "../lib/set-route";
import { THEME_COOKIE } from "../lib/theme";
import { sanDir } from "./support/admin-credentials";
import { saveScreenshot } from "./support/screenshot";
import { startJob, trpcMutation, trpcQuery, waitForJobSuccess } from "./support/trpc-api";

const DG = "e2e-a11y";
const GROUP = "a11y";
const MiB = 1024 ** 2;

interface Inventory {
  diskGroups: { name: string; volumes: { name: string; path: string }[] }[];
  sets: { shadow: string }[];
}

const run = async (request: APIRequestContext, procedure: string, input: Record<string, unknown>) =>
  waitForJobSuccess(request, await startJob(request, procedure, { host: "prod", ...input }));

/** A small independent set in its own group on prod (created once per cluster); its shadow path. */
async function ensureSet(request: APIRequestContext): Promise<string> {
  const inventory = async () =>
    (await trpcQuery<{ inventory: Inventory }>(request, "host.get", { name: "prod" })).inventory;
  let inv = await inventory();
  if (!inv.diskGroups.some((g) => g.name === DG)) await run(request, "diskGroup.create", { diskGroup: DG });
  inv = await inventory();
  const wanted: [string, number, number | null][] = [
    ["m", 8 * MiB, null],
    ["s", 8 * MiB, null],
    ["m.bmp", 1, 8 * MiB],
  ];
  for (const [name, sizeBytes, bitmapForMasterBytes] of wanted) {
    if (inv.diskGroups.find((g) => g.name === DG)?.volumes.some((v) => v.name === name)) continue;
    await run(request, "volume.create", { diskGroup: DG, name, sizeBytes, bitmapForMasterBytes });
  }
  inv = await inventory();
  const shadow = inv.diskGroups.find((g) => g.name === DG)!.volumes.find((v) => v.name === "s")!.path;
  if (!inv.sets.some((s) => s.shadow === shadow)) {
    await run(request, "set.enable", {
      type: "ind",
      master: `${DG}/m`,
      shadow: `${DG}/s`,
      bitmap: `${DG}/m.bmp`,
      group: GROUP,
    });
  }
  return shadow;
}

const RUNBOOK = "e2e-a11y";
const RB_PROD_DG = "e2e-a11y-rbp";
const RB_SNAP_DG = "e2e-a11y-rbs";
// Two whole runs (ten steps each) the first time; later tests find them done.
const RUNS_MS = 240_000;

interface RunIds {
  succeeded: string;
  failed: string;
}

async function saveRunbook(request: APIRequestContext, targetDir: string): Promise<void> {
  const saved = await trpcMutation(request, "runbook.save", {
    spec: {
      name: RUNBOOK,
      group: `${GROUP}-rb`,
      productionHost: "prod",
      backupHost: "backup",
      snapshotDiskGroup: RB_SNAP_DG,
      quiesceHook: "demo-quiesce",
      resumeHook: "demo-resume",
      backup: { kind: "archive", targetDir },
      schedule: "0 3 * * *",
      keepArchives: 3,
      sets: [{ master: `${RB_PROD_DG}/m`, shadow: `${RB_SNAP_DG}/s`, bitmap: `${RB_PROD_DG}/m.bmp` }],
    },
  });
  expect(saved.status, saved.error?.message).toBe(200);
}

async function runToEnd(request: APIRequestContext): Promise<string> {
  const started = await trpcMutation(request, "runbook.run", { name: RUNBOOK });
  expect(started.status, started.error?.message).toBe(200);
  const id = String(started.data!.id);
  await expect
    .poll(async () => (await trpcQuery<{ state: string }>(request, "runbook.runGet", { id })).state, {
      timeout: RUNS_MS / 2,
      intervals: [1000],
    })
    .toMatch(/^(succeeded|failed|cancelled)$/);
  return id;
}

/** This spec's runbook (created once per cluster) with a succeeded run, then a run that failed at the backup. */
async function ensureRunbookRuns(request: APIRequestContext): Promise<RunIds> {
  const runs = await trpcQuery<{ id: string; state: string }[]>(request, "runbook.runs", { runbook: RUNBOOK }).catch(
    () => [],
  );
  let succeeded = runs.find((r) => r.state === "succeeded")?.id;
  let failed = runs.find((r) => r.state === "failed")?.id;
  if (!succeeded) {
    const { inventory } = await trpcQuery<{ inventory: Inventory }>(request, "host.get", { name: "prod" });
    if (!inventory.diskGroups.some((g) => g.name === RB_PROD_DG)) {
      for (const dg of [RB_PROD_DG, RB_SNAP_DG]) await run(request, "diskGroup.create", { diskGroup: dg });
      await run(request, "volume.create", { diskGroup: RB_PROD_DG, name: "m", sizeBytes: 8 * MiB });
      await run(request, "volume.create", {
        diskGroup: RB_PROD_DG,
        name: "m.bmp",
        sizeBytes: 1,
        bitmapForMasterBytes: 8 * MiB,
      });
      await run(request, "volume.create", { diskGroup: RB_SNAP_DG, name: "s", sizeBytes: 8 * MiB });
      await run(request, "volume.create", {
        diskGroup: RB_SNAP_DG,
        name: "s.bmp",
        sizeBytes: 1,
        bitmapForMasterBytes: 8 * MiB,
      });
    }
    await saveRunbook(request, RUNBOOK);
    succeeded = await runToEnd(request);
  }
  if (!failed) {
    // This run's archive directory (under the backup agent's first archive root, beside the SAN)
    // is taken by a file: it fails at the backup, holding the disk group on the backup host.
    await writeFile(path.join(path.dirname(sanDir()), "archives", `${RUNBOOK}-blocked`), "not a directory\n");
    await saveRunbook(request, `${RUNBOOK}-blocked`);
    failed = await runToEnd(request);
  }
  return { succeeded, failed };
}

async function firstJobId(request: APIRequestContext): Promise<string> {
  const jobs = await trpcQuery<{ id: string }[]>(request, "job.list", { limit: 1 });
  expect(jobs.length).toBeGreaterThan(0);
  return jobs[0]!.id;
}

/** Axe's findings as lines a person can act on: rule, impact, what it says, and where. */
function describe(violations: Awaited<ReturnType<AxeBuilder["analyze"]>>["violations"]): string[] {
  return violations.flatMap((v) =>
    v.nodes.map(
      (n) => `${v.id} (${v.impact}): ${v.help} — ${n.target.join(" ")}: ${n.failureSummary?.replace(/\s+/g, " ")}`,
    ),
  );
}

async function expectNoViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(describe(results.violations)).toEqual([]);
}

interface PageIds {
  shadow: string;
  jobId: string;
  runs: RunIds | null;
}

const pages: {
  name: string;
  path: (ids: PageIds) => string;
  ready: (page: Page) => Promise<void>;
  needsRuns?: boolean;
}[] = [
  {
    name: "overview",
    path: () => "/",
    ready: async (p) => {
      await expect(p.getByRole("region", { name: "Hosts" })).toContainText("online");
    },
  },
  {
    name: "hosts",
    path: () => "/hosts",
    ready: async (p) => {
      await expect(p.getByRole("link", { name: "prod" }).first()).toBeVisible();
    },
  },
  {
    name: "host",
    path: () => "/hosts/prod",
    ready: async (p) => {
      await expect(p.getByRole("table", { name: "Volume sets on prod" })).toBeVisible();
    },
  },
  {
    name: "disk groups",
    path: () => "/disk-groups",
    ready: async (p) => {
      await expect(p.getByRole("link", { name: "production" }).first()).toBeVisible();
    },
  },
  {
    name: "disk group",
    path: () => `/disk-groups/${DG}`,
    ready: async (p) => {
      await expect(p.getByRole("table", { name: `Volume sets using volumes of ${DG}` })).toBeVisible();
    },
  },
  {
    name: "sets",
    path: () => "/sets",
    ready: async (p) => {
      await expect(p.getByRole("link", { name: GROUP }).first()).toBeVisible();
    },
  },
  {
    name: "set",
    path: ({ shadow }) => setHref("prod", shadow),
    ready: async (p) => {
      await expect(p.getByRole("region", { name: "As iiadm -i prints it" })).toBeVisible();
    },
  },
  {
    name: "I/O group",
    path: () => `/sets/groups/prod/${GROUP}`,
    ready: async (p) => {
      await expect(p.getByRole("table", { name: `Sets in I/O group ${GROUP}` })).toBeVisible();
    },
  },
  {
    name: "enable form",
    path: () => "/sets/enable?host=prod",
    ready: async (p) => {
      await expect(p.getByRole("form", { name: "Enable a set" })).toBeVisible();
    },
  },
  {
    name: "jobs",
    path: () => "/jobs",
    ready: async (p) => {
      await expect(p.getByRole("table").first()).toBeVisible();
    },
  },
  {
    name: "job",
    path: ({ jobId }) => `/jobs/${jobId}`,
    ready: async (p) => {
      await expect(p.getByTestId("job-state")).toBeVisible();
    },
  },
  {
    name: "planner",
    path: () => "/planner?sizes=1G,100G,lots",
    ready: async (p) => {
      await expect(p.locator('tr[data-plan-row="100G"]')).toBeVisible();
    },
  },
  {
    name: "audit log",
    path: () => "/audit",
    ready: async (p) => {
      await expect(p.getByRole("table").first()).toBeVisible();
    },
  },
  {
    name: "users",
    path: () => "/users",
    ready: async (p) => {
      await expect(p.getByRole("heading", { level: 1, name: "Users & API tokens" })).toBeVisible();
    },
  },
  {
    name: "runbooks",
    path: () => "/runbooks",
    needsRuns: true,
    ready: async (p) => {
      await expect(p.locator(`tr[data-runbook="${RUNBOOK}"]`)).toContainText("failed");
    },
  },
  {
    name: "runbook",
    path: () => runbookHref(RUNBOOK),
    needsRuns: true,
    ready: async (p) => {
      await expect(p.getByRole("table", { name: "Runs, newest first" }).locator("tbody tr")).toHaveCount(2);
    },
  },
  {
    name: "runbook edit form",
    path: () => runbookEditHref(RUNBOOK),
    needsRuns: true,
    // The failed run left the snapshot disk group on backup: the live placement check says so.
    ready: async (p) => {
      await expect(p.getByRole("list", { name: "Placement problems" })).toContainText(RB_SNAP_DG);
    },
  },
  {
    name: "run",
    path: ({ runs }) => runHref(runs!.succeeded),
    needsRuns: true,
    ready: async (p) => {
      await expect(p.getByTestId("run-state")).toHaveText("succeeded");
      await expect(p.getByRole("list", { name: "Archives of this run" })).toBeVisible();
    },
  },
  {
    name: "failed run",
    path: ({ runs }) => runHref(runs!.failed),
    needsRuns: true,
    ready: async (p) => {
      await expect(p.getByRole("region", { name: "Why the run stopped" })).toBeVisible();
      await expect(p.getByRole("button", { name: "Resume" })).toBeVisible();
    },
  },
];

for (const theme of ["light", "dark"] as const) {
  test.describe(`${theme} theme`, () => {
    test.beforeEach(async ({ context, baseURL }) => {
      await context.addCookies([{ name: THEME_COOKIE, value: theme, url: baseURL! }]);
    });

    for (const { name, path: pathOf, ready, needsRuns } of pages) {
      test(`the ${name} page has no axe violations`, async ({ page, request }, testInfo) => {
        if (needsRuns) test.setTimeout(RUNS_MS + 60_000);
        const ids = {
          shadow: await ensureSet(request),
          jobId: await firstJobId(request),
          runs: needsRuns ? await ensureRunbookRuns(request) : null,
        };
        await page.goto(pathOf(ids));
        await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
        await ready(page);
        await expectNoViolations(page);
        await saveScreenshot(page, testInfo, `a11y-${theme}-${name.replaceAll(/[^a-z]+/gi, "-").toLowerCase()}`);
      });
    }

    test("the sign-in page has no axe violations", async ({ browser, baseURL }) => {
      const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
      await context.addCookies([{ name: THEME_COOKIE, value: theme, url: baseURL! }]);
      const page = await context.newPage();
      await page.goto(`${baseURL}/sign-in`);
      await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
      await expectNoViolations(page);
      await context.close();
    });
  });
}
