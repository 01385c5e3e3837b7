// Progress events of the built-in backups (archive.create, archive.tape): a phase event when
// archiving turns to verifying, and progress at most twice a second (the console wants at least
// one event a second while work runs), with rate and ETA over the whole archive.
import type { ArchiveProgress } from "@/engine/create-archive";
import type { ExecutorContext } from "./executor-kit";

const PROGRESS_EVERY_MS = 500;

export function archiveProgressReporter(ctx: ExecutorContext): (p: ArchiveProgress) => void {
  ctx.emit({ type: "phase", message: "archiving" });
  const started = Date.now();
  let last = 0;
  let lastPhase = "";
  return (p) => {
    const now = Date.now();
    if (p.phase === lastPhase && now - last < PROGRESS_EVERY_MS && p.bytesDone < p.bytesTotal) return;
    if (p.phase !== lastPhase) ctx.emit({ type: "phase", message: p.phase });
    last = now;
    lastPhase = p.phase;
    const rate = p.bytesDone / Math.max(0.001, (now - started) / 1000);
    ctx.emit({
      type: "progress",
      progress: {
        phase: p.phase,
        direction: "to-archive",
        set: p.volume,
        chunksDone: 0,
        chunksTotal: 0,
        bytesDone: p.bytesDone,
        bytesTotal: p.bytesTotal,
        rateBytesPerSec: rate,
        etaSeconds: rate > 0 ? (p.bytesTotal - p.bytesDone) / rate : null,
        updatedAt: now,
      },
    });
  };
}
