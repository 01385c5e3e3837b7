// GET /api/health: 200 when this console process can serve (its database answers), 503 when not.
// For load balancers and service managers; no sign-in, and it says nothing about the site.
import { checkConsoleHealth } from "@/server/health/check-console-health";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const health = await checkConsoleHealth();
  return Response.json(health, { status: health.ok ? 200 : 503, headers: { "cache-control": "no-store" } });
}
