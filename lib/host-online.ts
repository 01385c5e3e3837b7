// Whether a host's agent is alive, from its last heartbeat. Agents beat every 5 s by default;
// three missed beats (15 s) rather than one, so a slow request or a GC pause does not flap the
// overview between online and offline.

export const AGENT_HEARTBEAT_SECONDS = 5;
export const MISSED_HEARTBEATS_OFFLINE = 3;
export const ONLINE_WINDOW_MS = AGENT_HEARTBEAT_SECONDS * MISSED_HEARTBEATS_OFFLINE * 1000;

export function isHostOnline(lastHeartbeat: string | null, now: number): boolean {
  if (!lastHeartbeat) return false;
  const at = Date.parse(lastHeartbeat);
  return !Number.isNaN(at) && now - at <= ONLINE_WINDOW_MS;
}
