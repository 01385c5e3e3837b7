import { claimRequestSchema, claimResponseSchema } from "@/lib/agent-protocol";
import { waitForJob } from "@/server/agents/wait-for-job";
import { agentRoute } from "@/server/http/agent-route";

export const dynamic = "force-dynamic";

export const POST = agentRoute(
  { request: claimRequestSchema, response: claimResponseSchema },
  async ({ input, agent, signal }) => ({
    job: await waitForJob({ hostId: agent.hostId, waitSeconds: input.waitSeconds, only: input.only ?? null, signal }),
  }),
);
