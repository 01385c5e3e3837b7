import { heartbeatRequestSchema, heartbeatResponseSchema } from "@/lib/agent-protocol";
import { recordHeartbeat } from "@/server/agents/record-heartbeat";
import { agentRoute } from "@/server/http/agent-route";

export const dynamic = "force-dynamic";

export const POST = agentRoute(
  { request: heartbeatRequestSchema, response: heartbeatResponseSchema },
  ({ input, agent }) => recordHeartbeat({ ...input, hostId: agent.hostId }),
);
