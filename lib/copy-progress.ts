// The one progress shape of copies, scans and backups, as zod schemas: the engine's meter fills
// its figures, the agent protocol carries them (a set's status, a job's progress event), the
// console stores the job's latest as JSON and the console and CLI render it (lib/job-progress.ts).
// The engine imports only the inferred types, so it stays free of the protocol.
import { z } from "zod";

/** What a meter counts (engine/io-counters.ts); etaSeconds is null while there is no rate yet. */
export const progressFiguresSchema = z.object({
  chunksDone: z.number(),
  chunksTotal: z.number(),
  bytesDone: z.number(),
  bytesTotal: z.number(),
  rateBytesPerSec: z.number(),
  etaSeconds: z.number().nullable(),
});
export type ProgressFigures = z.infer<typeof progressFiguresSchema>;

/** A set's running copy or scan (iiadm -i, the inventory's sets). */
export const copyProgressSchema = progressFiguresSchema.extend({
  phase: z.enum(["scanning", "copying"]),
  direction: z.enum(["to-shadow", "to-master"]),
  updatedAt: z.number(),
});
export type CopyProgress = z.infer<typeof copyProgressSchema>;

/**
 * A job's progress: a set's copy, or the built-in backup (archive.create and archive.tape:
 * archiving, verifying, to-archive), with `set` naming the set or the volume being archived.
 */
export const jobProgressSchema = copyProgressSchema.extend({
  phase: z.enum(["scanning", "copying", "archiving", "verifying"]),
  direction: z.enum(["to-shadow", "to-master", "to-archive"]),
  set: z.string(),
});
export type JobProgress = z.infer<typeof jobProgressSchema>;
