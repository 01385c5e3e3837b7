// An archive's manifest (issue 6: volume, size, SHA-256, set, point-in-time, run): what was
// archived, as the engine writes it beside the volumes (engine/archive-manifest.ts) and as an
// archive job's result carries it to the console, which records the archive from it.
import { z } from "zod";

export const archiveManifestSchema = z.object({
  formatVersion: z.literal(1),
  /** The run (or operator) label the archive was made for; also the directory's name. */
  label: z.string(),
  host: z.string(),
  createdAt: z.string(),
  /** When the point in time was taken (ISO 8601), if the caller knows it. */
  pointInTime: z.string().nullable(),
  volumes: z.array(
    z.object({
      volume: z.string(),
      /** The set the volume is the shadow of, if any. */
      set: z.string().nullable(),
      /** File name inside the archive directory. */
      file: z.string(),
      sizeBytes: z.number().int().nonnegative(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
    }),
  ),
});
export type ArchiveManifest = z.infer<typeof archiveManifestSchema>;
