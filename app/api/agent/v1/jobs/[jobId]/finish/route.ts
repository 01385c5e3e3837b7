import { jobFinishRequestSchema, jobFinishResponseSchema } from "@/lib/agent-protocol";
import { finishJob } from "@/server/jobs/finish-job";
import { agentRoute } from "@/server/http/agent-route";

export const dynamic = "force-dynamic";

export const POST = agentRoute(
  { request: jobFinishRequestSchema, response: jobFinishResponseSchema },
  ({ input, agent, params }) => finishJob({ ...input, hostId: agent.hostId, jobId: params.jobId ?? "" }),
);
