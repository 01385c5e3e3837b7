// tRPC over HTTP for test setup and checks (docs/architecture.md §10 rule 10: set up through the API, assert
// through the UI). Uses Playwright's request context, so a page's cookie or a bearer token works.
import { type APIRequestContext, expect } from "@playwright/test";
import { adminToken } from "./admin-credentials";

type Auth = { token?: string } | "cookie";

function headers(auth: Auth): Record<string, string> {
  return auth === "cookie" ? {} : { authorization: `Bearer ${auth.token ?? adminToken()}` };
}

export async function trpcQuery<T>(
  request: APIRequestContext,
  procedure: string,
  input: unknown,
  auth: Auth = {},
): Promise<T> {
  const res = await request.get(`/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`, {
    headers: headers(auth),
  });
  expect(res.status(), `${procedure}: ${await res.text()}`).toBe(200);
  return ((await res.json()) as { result: { data: T } }).result.data;
}

export async function trpcMutation(request: APIRequestContext, procedure: string, input: unknown, auth: Auth = {}) {
  const res = await request.post(`/api/trpc/${procedure}`, { data: input, headers: headers(auth) });
  const body = (await res.json()) as { result?: { data: unknown }; error?: { message: string } };
  return {
    status: res.status(),
    data: body.result?.data as Record<string, unknown> | undefined,
    error: body.error ?? null,
  };
}

export interface JobSummary {
  id: string;
  state: string;
  error: { message: string } | null;
}

/** Queues a storage job as the admin and returns its id. */
export async function startJob(request: APIRequestContext, procedure: string, input: unknown): Promise<string> {
  const res = await trpcMutation(request, procedure, input);
  expect(res.status, `${procedure}: ${res.error?.message}`).toBe(200);
  return String(res.data!.id);
}

/** Waits until the job has succeeded (fails the test, with the job's error, otherwise). */
export async function waitForJobSuccess(request: APIRequestContext, id: string, timeoutMs = 60_000): Promise<void> {
  await expect
    .poll(
      async () => {
        const job = await trpcQuery<JobSummary>(request, "job.get", { id });
        return job.state === "failed" || job.state === "interrupted"
          ? `${job.state}: ${job.error?.message}`
          : job.state;
      },
      { timeout: timeoutMs, intervals: [250, 500, 1000] },
    )
    .toBe("succeeded");
}
