import { jobEventsRequestSchema, jobEventsResponseSchema } from "@/lib/agent-protocol";
import { appendJobEvents } from "@/server/jobs/append-job-events";
import { agentRoute } from "@/server/http/agent-route";

export const dynamic = "force-dynamic";

export const POST = agentRoute(
  { request: jobEventsRequestSchema, response: jobEventsResponseSchema },
  ({ input, agent, params }) => appendJobEvents({ ...input, hostId: agent.hostId, jobId: params.jobId ?? "" }),
);
