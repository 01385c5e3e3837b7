import "server-only";
// The one helper every /api/agent/v1 route uses (auth → parse → one server/* function → JSON),
// and the one place agent routes turn AppError codes into HTTP statuses (docs/architecture.md §10 rule 4).
// Every answer is JSON: the handler's result validated against the response schema of
// lib/agent-protocol, or {error: {code, message}} (agentErrorResponseSchema).
import type { ZodError, z } from "zod";
import { PROTOCOL_VERSION } from "@/lib/agent-protocol";
import { AGENT_DEFAULT_MAX_BYTES, AGENT_ENROL_MAX_BYTES } from "@/lib/request-limits";
import { type AuthenticatedAgent, authenticateAgent } from "@/server/agents/authenticate-agent";
import { AppError, appErrorCodes } from "@/server/errors";
import { readLimitedBody } from "@/server/http/read-limited-body";
import { requestFromAddress } from "@/server/http/request-from-address";

// The protocol versions this console speaks. Agents upgrade later than the console, so when v2
// lands, v1 stays in this list until no agent speaks it.
const SUPPORTED_PROTOCOL_VERSIONS: readonly number[] = [PROTOCOL_VERSION];

export interface AgentRequestContext<Input> {
  input: Input;
  /** Route parameters (e.g. jobId), already awaited. */
  params: Record<string, string | undefined>;
  /** The caller's address for the audit log (server/http/request-from-address.ts), or null. */
  fromAddress: string | null;
  /** Aborted when the agent hangs up. */
  signal: AbortSignal;
}

export interface AgentRouteSchemas<Input, Output> {
  request: z.ZodType<Input, unknown>;
  response: z.ZodType<Output, unknown>;
  /**
   * The largest body this route reads (lib/request-limits.ts) and what is sent in it, named in the
   * refusal; AGENT_DEFAULT_MAX_BYTES and the route's path if not given.
   */
  bodyLimit?: { maxBytes: number; carries: string };
}

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };
type RouteHandler = (req: Request, context: RouteContext) => Promise<Response>;

/** A route for an enrolled agent: the Bearer credential is checked before anything else. */
export function agentRoute<Input, Output>(
  schemas: AgentRouteSchemas<Input, Output>,
  handler: (ctx: AgentRequestContext<Input> & { agent: AuthenticatedAgent }) => Promise<Output>,
): RouteHandler {
  return handleAgentRequest(
    schemas,
    (req) => authenticateAgent(req.headers.get("authorization")),
    (ctx, agent) => handler({ ...ctx, agent }),
    (agent) => `host ${agent.hostName}`,
  );
}

/** The one route without a credential (enrol): the enrolment token in the body is the proof. */
export function anonymousAgentRoute<Input, Output>(
  schemas: AgentRouteSchemas<Input, Output>,
  handler: (ctx: AgentRequestContext<Input>) => Promise<Output>,
): RouteHandler {
  return handleAgentRequest(
    { bodyLimit: { maxBytes: AGENT_ENROL_MAX_BYTES, carries: "agent enrolment" }, ...schemas },
    async () => null,
    (ctx) => handler(ctx),
    () => null,
  );
}

function handleAgentRequest<Input, Output, Caller>(
  schemas: AgentRouteSchemas<Input, Output>,
  authenticate: (req: Request) => Promise<Caller>,
  run: (ctx: AgentRequestContext<Input>, caller: Caller) => Promise<Output>,
  /** Who sent the request, named in refusals (an agent: its host); null for enrol. */
  describeCaller: (caller: Caller) => string | null,
): RouteHandler {
  return async (req, context) => {
    try {
      // Authenticate before reading the body, so an unknown caller learns nothing from parse errors
      // and costs the console no memory; then read at most the route's limit.
      const caller = await authenticate(req);
      const input = await parseBody(req, schemas, describeCaller(caller));
      const params = await readParams(context);
      const output = await run(
        { input, params, fromAddress: requestFromAddress(req.headers), signal: req.signal },
        caller,
      );
      return Response.json(schemas.response.parse(output));
    } catch (error) {
      return errorResponse(error);
    }
  };
}

async function parseBody<Input>(
  req: Request,
  schemas: AgentRouteSchemas<Input, unknown>,
  caller: string | null,
): Promise<Input> {
  const from = caller ? ` (from ${caller})` : "";
  const limit = schemas.bodyLimit ?? {
    maxBytes: AGENT_DEFAULT_MAX_BYTES,
    carries: `agent API ${new URL(req.url).pathname}`,
  };
  const bytes = await readLimitedBody(req, limit.maxBytes, `${limit.carries}${from}`);
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new AppError("INVALID_INPUT", `request body: not valid JSON${from}`);
  }
  checkProtocolVersion(body);
  const parsed = schemas.request.safeParse(body);
  if (!parsed.success)
    throw new AppError("INVALID_INPUT", `${describeIssues(parsed.error)}${from}`, { cause: parsed.error });
  return parsed.data;
}

/** Checked before the schema, so an agent of another version hears "upgrade", not "field X is wrong". */
function checkProtocolVersion(body: unknown): void {
  if (body === null || typeof body !== "object" || !("protocolVersion" in body)) return;
  const version = body.protocolVersion;
  if (typeof version === "number" && !SUPPORTED_PROTOCOL_VERSIONS.includes(version)) {
    throw new AppError(
      "UNSUPPORTED_PROTOCOL",
      `protocolVersion: this console speaks agent protocol ${SUPPORTED_PROTOCOL_VERSIONS.join(", ")}, not ${version}; install a matching agent`,
    );
  }
}

function describeIssues(error: ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "request body"}: ${issue.message}`)
    .join("; ");
}

async function readParams(context: RouteContext | undefined): Promise<Record<string, string | undefined>> {
  const raw = (await context?.params) ?? {};
  const params: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(raw)) params[key] = Array.isArray(value) ? value.join("/") : value;
  return params;
}

function errorResponse(error: unknown): Response {
  if (error instanceof AppError) {
    // RFC 6750: a 401 names the scheme the caller should use.
    const headers: HeadersInit = error.code === "UNAUTHORIZED" ? { "www-authenticate": "Bearer" } : {};
    return Response.json(
      { error: { code: error.code, message: error.message } },
      { status: appErrorCodes[error.code].http, headers },
    );
  }
  // Anything else is a bug or an outage (a response that fails its own schema included): log the
  // detail here, tell the agent only that it may retry.
  console.error("agent API: unexpected error", error);
  return Response.json(
    { error: { code: "INTERNAL", message: "Internal error in the console; the request may be retried" } },
    { status: 500 },
  );
}
