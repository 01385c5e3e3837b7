import { heartbeatRequestSchema, heartbeatResponseSchema } from "@/lib/agent-protocol";
import { recordHeartbeat } from "@/server/agents/record-heartbeat";
import { agentRoute } from "@/server/http/agent-route";
import { AGENT_INVENTORY_MAX_BYTES } from "@/lib/request-limits";

export const dynamic = "force-dynamic";

export const POST = agentRoute(
  {
    request: heartbeatRequestSchema,
    bodyLimit: { maxBytes: AGENT_INVENTORY_MAX_BYTES, carries: "a heartbeat with its inventory" },
    response: heartbeatResponseSchema,
  },
  ({ input, agent }) => recordHeartbeat({ ...input, hostId: agent.hostId }),
);
