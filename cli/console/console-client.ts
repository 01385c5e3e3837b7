// The CLI's connection to a console: tRPC over HTTP with the user's personal API token.
// PITCREW_URL and PITCREW_TOKEN select them (docs/architecture.md §6: the CLI uses personal API tokens).
import { createTRPCClient, httpLink, retryLink, TRPCClientError } from "@trpc/client";
import type { AppRouter } from "@/server/trpc/root";
import { EXAMPLE_CONSOLE_URL } from "@/cli/defaults";

export type ConsoleClient = ReturnType<typeof createTRPCClient<AppRouter>>;

export class ConsoleSettingsError extends Error {}

export interface ConsoleSettings {
  url: string;
  token: string;
}

export function consoleSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): ConsoleSettings {
  const url = env.PITCREW_URL?.trim();
  const token = env.PITCREW_TOKEN?.trim();
  if (!url)
    throw new ConsoleSettingsError(
      `PITCREW_URL is not set: the console's address, e.g. ${EXAMPLE_CONSOLE_URL} (or use --local)`,
    );
  if (!/^https?:\/\//.test(url))
    throw new ConsoleSettingsError(`PITCREW_URL: ${url} is not an http:// or https:// URL`);
  if (!token)
    throw new ConsoleSettingsError(
      "PITCREW_TOKEN is not set: create a personal API token in the console (or use --local)",
    );
  return { url: url.replace(/\/+$/, ""), token };
}

/**
 * A load balancer's own answer (502, 503, 504 without a console's JSON body): no console behind it
 * answered this request. tRPC would only see "not valid JSON".
 */
export class GatewayError extends Error {
  constructor(readonly status: number) {
    super(`the address answered ${status} for the console (a load balancer with no console behind it?)`);
  }
}

const fetchSeeingGateways: typeof fetch = async (input, init) => {
  const res = await fetch(input, init);
  if ([502, 503, 504].includes(res.status) && !res.headers.get("content-type")?.includes("json")) {
    await res.body?.cancel();
    throw new GatewayError(res.status);
  }
  return res;
};

/**
 * Queries (reads) are tried again when the request was lost on the way: a balancer whose console
 * went down under it (502/503/504), or a connection dropped mid-request. Behind two consoles, one
 * dying must not end an `iiadm -w` or `runbook run --wait` that the other can go on answering.
 * Mutations never are (a lost answer does not mean the change was not made), nor is a console
 * that refuses connections (a wrong PITCREW_URL fails at once).
 */
export function isLostRequest(err: TRPCClientError<AppRouter>): boolean {
  const cause = err.cause as (Error & { cause?: { code?: string } }) | undefined;
  if (cause instanceof GatewayError) return true;
  return ["UND_ERR_SOCKET", "ECONNRESET", "EPIPE"].includes(cause?.cause?.code ?? "");
}

/** Tries of one query; the waits between them (0.5, 1, 2, 4 s) outlast a balancer's health checks. */
const QUERY_TRIES = 5;

export function createConsoleClient({ url, token }: ConsoleSettings): ConsoleClient {
  return createTRPCClient<AppRouter>({
    links: [
      retryLink({
        retry: ({ op, error, attempts }) => op.type === "query" && attempts < QUERY_TRIES && isLostRequest(error),
        retryDelayMs: (attempt) => 500 * 2 ** (attempt - 1),
      }),
      httpLink({ url: `${url}/api/trpc`, headers: { authorization: `Bearer ${token}` }, fetch: fetchSeeingGateways }),
    ],
  });
}

/**
 * A console error as one line for the terminal. The console's messages already name the field
 * and the object; this adds what the operator should do about credentials and connectivity.
 */
export function describeConsoleError(err: unknown, settings?: ConsoleSettings): string {
  if (err instanceof TRPCClientError) {
    const code = (err.data as { code?: string } | undefined)?.code;
    if (code === "UNAUTHORIZED")
      return `the console refused the token in PITCREW_TOKEN (unknown, revoked or expired): ${err.message}`;
    if (code === "FORBIDDEN") return err.message;
    if (err.cause instanceof GatewayError)
      return `cannot reach the console at ${settings?.url ?? "PITCREW_URL"}: ${err.cause.message}`;
    if (!code) {
      const cause = (err.cause as { cause?: { code?: string } } | undefined)?.cause?.code ?? err.cause?.message;
      return `cannot reach the console at ${settings?.url ?? "PITCREW_URL"}: ${cause ?? err.message}`;
    }
    return describeInputIssues(err.data) ?? err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

/**
 * A request the console's input schemas refused, as "field: message; …" (the server's zodError,
 * server/trpc/init.ts) instead of tRPC's JSON dump of the issues; null for any other error.
 */
function describeInputIssues(data: unknown): string | null {
  const issues = (
    data as
      | { zodError?: { formErrors?: string[]; fieldErrors?: Record<string, string[] | undefined> } | null }
      | undefined
  )?.zodError;
  if (!issues) return null;
  const lines = [
    ...(issues.formErrors ?? []),
    ...Object.entries(issues.fieldErrors ?? {}).flatMap(([field, messages]) =>
      (messages ?? []).map((m) => `${field}: ${m}`),
    ),
  ];
  return lines.length ? lines.join("; ") : null;
}

/** Whether the console refused the request before any job existed (bad input, conflict, auth). */
export function isConsoleRefusal(err: unknown): boolean {
  return err instanceof TRPCClientError && typeof (err.data as { code?: string } | undefined)?.code === "string";
}
