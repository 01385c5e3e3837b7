import { enrolRequestSchema, enrolResponseSchema } from "@/lib/agent-protocol";
import { enrolAgent } from "@/server/agents/enrol-agent";
import { anonymousAgentRoute } from "@/server/http/agent-route";

export const dynamic = "force-dynamic";

export const POST = anonymousAgentRoute(
  { request: enrolRequestSchema, response: enrolResponseSchema },
  ({ input, fromAddress }) => enrolAgent({ ...input, fromAddress }),
);
