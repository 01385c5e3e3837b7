import { jobFinishRequestSchema, jobFinishResponseSchema } from "@/lib/agent-protocol";
import { finishJob } from "@/server/jobs/finish-job";
import { agentRoute } from "@/server/http/agent-route";
import { AGENT_INVENTORY_MAX_BYTES } from "@/lib/request-limits";

export const dynamic = "force-dynamic";

export const POST = agentRoute(
  {
    request: jobFinishRequestSchema,
    bodyLimit: { maxBytes: AGENT_INVENTORY_MAX_BYTES, carries: "a job's finish with the host's inventory" },
    response: jobFinishResponseSchema,
  },
  ({ input, agent, params }) => finishJob({ ...input, hostId: agent.hostId, jobId: params.jobId ?? "" }),
);
