"use client";
// Online/offline from the last heartbeat, re-evaluated every second so a host that stops beating
// turns offline on screen without waiting for the next poll.
import { StatusBadge } from "@/components/status-badge";
import { useNow } from "@/components/use-now";
import { isHostOnline } from "@/lib/host-online";

export function HostStatusBadge({
  lastHeartbeat,
  revoked = false,
}: {
  lastHeartbeat: string | null;
  revoked?: boolean;
}) {
  const now = useNow();
  if (revoked) return <StatusBadge tone="danger">revoked</StatusBadge>;
  return isHostOnline(lastHeartbeat, now) ? (
    <StatusBadge tone="success">online</StatusBadge>
  ) : (
    <StatusBadge tone="danger">offline</StatusBadge>
  );
}
