// archive.tape (the runbook's built-in backup to a tape drive, docs/architecture.md §5): the volumes written
// as one tar stream with the manifest last, then read back from the start and verified. Only a
// device named in the agent's tapeDevices: a tar stream written to the wrong device destroys it,
// so the console can name no other.
import { writeTapeArchive } from "@/engine/tape-archive";
import { JobFailure } from "@/agent/job-failure";
import { resolveVolumes } from "@/agent/resolve-volume";
import { archiveProgressReporter } from "./archive-progress";
import { defineExecutor } from "./executor-kit";

export const archiveTape = defineExecutor(
  "archive.tape",
  (a) => (typeof a.device === "string" ? a.device : null),
  async (args, ctx) => {
    if (!ctx.tapeDevices.includes(args.device)) {
      throw new JobFailure(
        "ARCHIVE_EWRITE",
        ctx.tapeDevices.length
          ? `device ${args.device} is not one of the tapeDevices in the agent config of host ${ctx.hostName} (${ctx.tapeDevices.join(", ")})`
          : `host ${ctx.hostName} has no tapeDevices in its agent config: it writes to no tape`,
        args.device,
      );
    }
    const paths = await resolveVolumes(args.volumes, ctx.roots);
    const sets = (await ctx.engine.config.read()).sets;
    const { device, manifest } = await writeTapeArchive(
      {
        device: args.device,
        label: args.label,
        host: ctx.hostName,
        pointInTime: args.pointInTime,
        volumes: paths.map((p) => ({ path: p, set: sets.find((s) => s.shadow === p)?.shadow ?? null })),
      },
      { signal: ctx.signal, onProgress: archiveProgressReporter(ctx) },
    );
    ctx.emit({
      type: "log",
      message: `wrote ${manifest.volumes.length} volume(s) to ${device} as a tar stream and verified them against the manifest`,
    });
    return { dir: device, manifest };
  },
);
