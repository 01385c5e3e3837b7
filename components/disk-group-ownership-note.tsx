// What stands beside a disk group's holder: where the console's belief comes from, and any host
// whose report contradicts it (lib/disk-group-ownership.ts). A claim is shown, never believed.
import { StatusBadge } from "@/components/status-badge";
import { type DiskGroupOwnership, describeClaimConflict } from "@/lib/disk-group-ownership";

/** `showSource`: also say when the holder comes from a host's report (tables give it a column of its own). */
export function DiskGroupOwnershipNote({
  ownership,
  showSource = true,
}: {
  ownership: Pick<DiskGroupOwnership, "owner" | "ownerSource" | "conflicts">;
  showSource?: boolean;
}) {
  return (
    <>
      {showSource && ownership.owner !== null && ownership.ownerSource === "host-report" && (
        <span className="ml-2 text-xs text-muted" data-testid="dg-owner-unrecorded">
          reported by host, not recorded by the console
        </span>
      )}
      {ownership.conflicts.map((conflict) => (
        <StatusBadge
          key={conflict.host}
          tone="warning"
          className="ml-2"
          data-testid={`dg-conflict-${conflict.host}`}
          title={describeClaimConflict(ownership, conflict)}
        >
          conflict: {conflict.host} claims {conflict.claims === conflict.host ? "it" : `${conflict.claims} holds it`}
        </StatusBadge>
      ))}
    </>
  );
}
