import "server-only";
// Whether a host's last inventory can be trusted to say how its sets stand now. The agent sends
// one with every job's finish and right after it, so a report received after a job ended was
// collected after it ended (an older collection is never stored over a newer one). A job that
// ended without its agent's word (interrupted: the agent was killed or went silent; the lease
// sweeper ended it) leaves the report from before it as the newest: it may say "clean" about a
// shadow the job's copy left half written. Until the host reports again, the answer is "not
// known", and the agent is asked for a fresh report on its next heartbeat.
import { isHostOnline } from "@/lib/host-online";
import { prisma } from "@/server/db";

export interface ReportFreshnessHost {
  id: string;
  name: string;
  lastHeartbeat: Date | null;
  inventoryAt: Date | null;
}

/** Null when the report is current; otherwise why it is not, for the operator. */
export async function staleReportReason(host: ReportFreshnessHost, now = new Date()): Promise<string | null> {
  if (!host.inventoryAt) return `host ${host.name}'s agent has not reported its sets yet${agentSilence(host, now)}`;
  // Only jobs an agent claimed can have changed the host; one cancelled while queued did not.
  const ended = await prisma.job.findFirst({
    where: { hostId: host.id, startedAt: { not: null }, finishedAt: { gt: host.inventoryAt } },
    orderBy: { finishedAt: "desc" },
    select: { id: true, kind: true, state: true, finishedAt: true },
  });
  if (!ended) return null;
  // Ask for a report on the next heartbeat rather than at the five-minute refresh.
  await prisma.host.updateMany({ where: { id: host.id, inventoryWantedAt: null }, data: { inventoryWantedAt: now } });
  return (
    `job ${ended.id} (${ended.kind}) ended ${ended.state} at ${ended.finishedAt!.toISOString()} and host ${host.name} ` +
    `has not reported its sets since${agentSilence(host, now)}`
  );
}

function agentSilence(host: ReportFreshnessHost, now: Date): string {
  if (!host.lastHeartbeat) return "; its agent has never been heard from";
  if (isHostOnline(host.lastHeartbeat.toISOString(), now.getTime())) return "";
  const seconds = Math.round((now.getTime() - host.lastHeartbeat.getTime()) / 1000);
  return `; its agent has been silent for ${seconds} s`;
}
