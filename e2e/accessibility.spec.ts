// Every main page, in the light and the dark theme, checked by axe-core (WCAG 2.1 A and AA rules,
// colour contrast included) once its data has rendered. The set and I/O group pages use a small
// set in this spec's own disk group, so no other spec's volumes are touched; the runbook pages use
// a runbook of this spec's own, on disk groups of its own, with one run that succeeded and one
// that failed at the backup (so the run pages show both the archive and the error, Resume and Abandon).
import { writeFile } from "node:fs/promises";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { runbookEditHref, runbookHref, runHref } from "../lib/runbook-route";
import { setHref } from "../lib/set-route";
import { THEME_COOKIE } from "../lib/theme";
import { sanDir } from "./support/admin-credentials";
import { saveScreenshot } from "./support/screenshot";
import { runJob, ensureSetEnabled, hostInventory } from "./support/storage-jobs";
import { type ApiClient, apiClient } from "./support/trpc-client";

const DG = "e2e-a11y";
const GROUP = "a11y";
const MiB = 1024 ** 2;

const inventory = (api: ApiClient) => hostInventory(api, "prod");

/** A small independent set in its own group on prod (created once per cluster); its shadow path. */
async function ensureSet(api: ApiClient): Promise<string> {
  let inv = await inventory(api);
  if (!inv.diskGroups.some((g) => g.name === DG))
    await runJob(api, api.diskGroup.create.mutate({ host: "prod", diskGroup: DG }));
  inv = await inventory(api);
  const wanted: [string, number, number | null][] = [
    ["m", 8 * MiB, null],
    ["s", 8 * MiB, null],
    ["m.bmp", 1, 8 * MiB],
  ];
  for (const [name, sizeBytes, bitmapForMasterBytes] of wanted) {
    if (inv.diskGroups.find((g) => g.name === DG)?.volumes.some((v) => v.name === name)) continue;
    await runJob(api, api.volume.create.mutate({ host: "prod", diskGroup: DG, name, sizeBytes, bitmapForMasterBytes }));
  }
  inv = await inventory(api);
  const shadow = inv.diskGroups.find((g) => g.name === DG)!.volumes.find((v) => v.name === "s")!.path;
  await ensureSetEnabled(
    api,
    {
      host: "prod",
      type: "ind",
      master: `${DG}/m`,
      shadow: `${DG}/s`,
      bitmap: `${DG}/m.bmp`,
      group: GROUP,
    },
    shadow,
  );
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

async function saveRunbook(api: ApiClient, targetDir: string): Promise<void> {
  await api.runbook.save.mutate({
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
}

async function runToEnd(api: ApiClient): Promise<string> {
  const { id } = await api.runbook.run.mutate({ name: RUNBOOK });
  await expect
    .poll(async () => (await api.runbook.runGet.query({ id })).state, {
      timeout: RUNS_MS / 2,
      intervals: [1000],
    })
    .toMatch(/^(succeeded|failed|cancelled)$/);
  return id;
}

/** This spec's runbook (created once per cluster) with a succeeded run, then a run that failed at the backup. */
async function ensureRunbookRuns(api: ApiClient): Promise<RunIds> {
  const runs = await api.runbook.runs.query({ runbook: RUNBOOK }).catch(() => []);
  let succeeded = runs.find((r) => r.state === "succeeded")?.id;
  let failed = runs.find((r) => r.state === "failed")?.id;
  if (!succeeded) {
    if (!(await inventory(api)).diskGroups.some((g) => g.name === RB_PROD_DG)) {
      for (const dg of [RB_PROD_DG, RB_SNAP_DG])
        await runJob(api, api.diskGroup.create.mutate({ host: "prod", diskGroup: dg }));
      for (const [diskGroup, name, sizeBytes, bitmapForMasterBytes] of [
        [RB_PROD_DG, "m", 8 * MiB, null],
        [RB_PROD_DG, "m.bmp", 1, 8 * MiB],
        [RB_SNAP_DG, "s", 8 * MiB, null],
        [RB_SNAP_DG, "s.bmp", 1, 8 * MiB],
      ] as const)
        await runJob(api, api.volume.create.mutate({ host: "prod", diskGroup, name, sizeBytes, bitmapForMasterBytes }));
    }
    await saveRunbook(api, RUNBOOK);
    succeeded = await runToEnd(api);
  }
  if (!failed) {
    // This run's archive directory (under the backup agent's first archive root, beside the SAN)
    // is taken by a file: it fails at the backup, holding the disk group on the backup host.
    await writeFile(path.join(path.dirname(sanDir()), "archives", `${RUNBOOK}-blocked`), "not a directory\n");
    await saveRunbook(api, `${RUNBOOK}-blocked`);
    failed = await runToEnd(api);
  }
  return { succeeded, failed };
}

async function firstJobId(api: ApiClient): Promise<string> {
  const jobs = await api.job.list.query({ limit: 1 });
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
        const api = apiClient(request);
        const ids = {
          shadow: await ensureSet(api),
          jobId: await firstJobId(api),
          runs: needsRuns ? await ensureRunbookRuns(api) : null,
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
