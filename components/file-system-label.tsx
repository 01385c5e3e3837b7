// The file system under a volume as its agent reported it (lib/consistency-mode.ts VolumeSharing):
// its type, and whether it shares blocks, which is what makes an instant-mode set possible there.
import type { VolumeSharing } from "@/lib/consistency-mode";

export function FileSystemLabel({ sharing }: { sharing: VolumeSharing | null | undefined }) {
  if (!sharing) return <span className="text-muted">—</span>;
  if (sharing.mechanism) {
    return (
      <span title="blocks can be shared: a set with this master can take instant points in time">
        {sharing.filesystem} (reflink)
      </span>
    );
  }
  return (
    <span title={sharing.reason ?? undefined}>
      {sharing.filesystem} <span className="text-muted">(no sharing)</span>
    </span>
  );
}
