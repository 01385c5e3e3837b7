// The agent ↔ console protocol, version 1 (docs/agent-protocol.md):
// plain JSON over HTTP under /api/agent/v1, validated on both sides with these zod
// schemas. Agents upgrade later than the console, so fields are only ever added, optional.
import { z } from "zod";
import {
  MAX_DISK_GROUPS,
  MAX_HOOKS,
  MAX_MESSAGE_LENGTH,
  MAX_NAME_LENGTH,
  MAX_PATH_LENGTH,
  MAX_ROOTS,
  MAX_SETS,
  MAX_SV_VOLUMES,
  MAX_TAPE_DEVICES,
  MAX_VOLUMES_PER_DISK_GROUP,
  MAX_VOLUMES_PER_HOST,
} from "@/lib/inventory-limits";
import { copyProgressSchema, jobProgressSchema } from "@/lib/copy-progress";

export const PROTOCOL_VERSION = 1;
export const AGENT_API_PREFIX = "/api/agent/v1";

/** How hosts are named, by their agents and by operators (iiadm -H prod). */
export const hostNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, "host name: letters, digits, . _ -");

// ---- enrolment: a one-time token buys the agent its own credential ----
export const enrolRequestSchema = z.object({
  enrolmentToken: z.string().min(16),
  hostName: hostNameSchema,
  agentVersion: z.string().max(64),
  protocolVersion: z.number().int(),
});
export const enrolResponseSchema = z.object({ hostId: z.string(), credential: z.string().min(32) });

// ---- inventory: the truth about the host, sent at start and after every change ----
const sharingMechanismSchema = z.enum(["xfs-reflink", "btrfs-reflink"]);
export const consistencyModeSchema = z.object({
  mode: z.enum(["scan", "instant"]),
  mechanism: sharingMechanismSchema.nullable(),
  reason: z.string().max(1000).nullable(),
  requested: z.enum(["auto", "scan"]),
});
export const pointInTimeCloneSchema = z.object({
  takenAt: z.number(),
  cloneMs: z.number(),
  masterExtents: z.number(),
  heldBytes: z.number().nullable(),
  lastUpdate: z.enum(["instant", "scan"]).nullable(),
  lastUpdateNote: z.string().max(1000).nullable(),
});

export const setStatusSchema = z.object({
  shadow: z.string(),
  master: z.string(),
  bitmap: z.string(),
  mode: z.enum(["ind", "dep"]),
  group: z.string().nullable(),
  clusterTag: z.string().nullable(),
  overflow: z.string().nullable(),
  suspended: z.string().nullable(),
  flags: z.number().int(),
  mtime: z.number(),
  // Agents older than export ids send none.
  exportId: z.string().default(""),
  sizeFbas: z.number(),
  chunks: z.number(),
  shadowChunksTotal: z.number(),
  shadowChunksUsed: z.number(),
  bitsSet: z.number(),
  shadowBits: z.number(),
  copyBits: z.number(),
  throttle: z.object({ unit: z.number(), delay: z.number() }),
  changeDetection: z.enum(["scan", "instant"]),
  /** Older agents send none: read as scan. */
  consistency: consistencyModeSchema.optional(),
  clone: pointInTimeCloneSchema.nullable().optional(),
  progress: copyProgressSchema.nullable(),
  /** Why the shadow is not a complete point in time (a copy stopped, a volume offline); null when it is. Older agents send none. */
  incomplete: z.string().nullable().optional(),
});

// Inventory limits: lib/inventory-limits.ts says why these numbers.
const nameString = z.string().max(MAX_NAME_LENGTH, `at most ${MAX_NAME_LENGTH} characters`);
const pathString = z.string().max(MAX_PATH_LENGTH, `at most ${MAX_PATH_LENGTH} characters`);
const messageString = z.string().max(MAX_MESSAGE_LENGTH, `at most ${MAX_MESSAGE_LENGTH} characters`);
const atMost = (n: number, what: string) => `at most ${n.toLocaleString("en")} ${what}`;

export const inventoryVolumeSchema = z.object({
  name: nameString,
  path: pathString,
  kind: z.enum(["file", "block"]),
  sizeBytes: z.number(),
  role: z.enum(["data", "bitmap"]).nullable(),
  /** Why the volume is busy ("enabled in set …", "under sv", "mounted on …"), or null. */
  usedBy: messageString.nullable(),
  /**
   * The file system under a data volume and whether it shares blocks (lib/consistency-mode.ts),
   * so the enable form can say which mode a set would get before it exists. Older agents send none.
   */
  sharing: z
    .object({
      filesystem: nameString,
      fsId: nameString,
      mechanism: sharingMechanismSchema.nullable(),
      reason: messageString.nullable(),
    })
    .optional(),
});

export const inventoryDiskGroupSchema = z.object({
  name: nameString,
  dir: pathString,
  owner: z.string().max(255, "at most 255 characters").nullable(),
  importGeneration: z.number(),
  volumesStarted: z.boolean(),
  damaged: messageString.nullable(),
  volumes: z
    .array(inventoryVolumeSchema)
    .max(MAX_VOLUMES_PER_DISK_GROUP, atMost(MAX_VOLUMES_PER_DISK_GROUP, "volumes per disk group")),
});

/** A set as the inventory carries it: setStatusSchema with its names bounded. */
const inventorySetSchema = setStatusSchema.extend({
  shadow: pathString,
  master: pathString,
  bitmap: pathString,
  group: nameString.nullable(),
  clusterTag: nameString.nullable(),
  overflow: pathString.nullable(),
});

export const inventorySchema = z
  .object({
    roots: z.array(pathString).max(MAX_ROOTS, atMost(MAX_ROOTS, "disk-group roots")),
    hooks: z.array(nameString).max(MAX_HOOKS, atMost(MAX_HOOKS, "hooks")),
    diskGroups: z.array(inventoryDiskGroupSchema).max(MAX_DISK_GROUPS, atMost(MAX_DISK_GROUPS, "disk groups per host")),
    /** The devices archive.tape may write to (agent config tapeDevices); absent from older agents. */
    tapeDevices: z.array(pathString).max(MAX_TAPE_DEVICES, atMost(MAX_TAPE_DEVICES, "tape devices")).default([]),
    /**
     * Where archive.create may write (agent config archiveRoots), so a runbook's targetDir is
     * checked before a run. Absent from older agents: no default, the console says it cannot check.
     */
    archiveRoots: z.array(pathString).max(MAX_ROOTS, atMost(MAX_ROOTS, "archive roots")).optional(),
    sets: z.array(inventorySetSchema).max(MAX_SETS, atMost(MAX_SETS, "sets per host")),
    svVolumes: z.array(pathString).max(MAX_SV_VOLUMES, atMost(MAX_SV_VOLUMES, "volumes under sv")),
    collectedAt: z.number(),
    /** The agent's freeze guard: quiesced since when, and its last automatic thaw (runbook, docs/architecture.md §5). */
    freeze: z
      .object({
        frozenSince: z.number().nullable(),
        resumeHook: z.string().nullable(),
        lastAutoThaw: z
          .object({ resumeHook: z.string(), frozenMs: z.number(), reason: z.string(), error: z.string().nullable() })
          .nullable(),
      })
      .optional(),
  })
  .superRefine((inventory, ctx) => {
    // Per group and per host: many small groups must not add up to more rows than one host has.
    const volumes = inventory.diskGroups.reduce((sum, g) => sum + g.volumes.length, 0);
    if (volumes > MAX_VOLUMES_PER_HOST) {
      ctx.addIssue({
        code: "custom",
        path: ["diskGroups"],
        message: `${atMost(MAX_VOLUMES_PER_HOST, "volumes in all disk groups")} (got ${volumes.toLocaleString("en")})`,
      });
    }
    // Names are what the console keys its rows on: a second entry of one name has no row to go to.
    const twice = (names: string[]) => {
      const seen = new Set<string>();
      return names.find((name) => seen.size === seen.add(name).size);
    };
    const group = twice(inventory.diskGroups.map((g) => g.name));
    if (group !== undefined)
      ctx.addIssue({ code: "custom", path: ["diskGroups"], message: `disk group ${group} is reported twice` });
    for (const [i, g] of inventory.diskGroups.entries()) {
      const volume = twice(g.volumes.map((v) => v.name));
      if (volume !== undefined)
        ctx.addIssue({
          code: "custom",
          path: ["diskGroups", i, "volumes"],
          message: `volume ${volume} is reported twice in disk group ${g.name}`,
        });
    }
    const shadow = twice(inventory.sets.map((s) => s.shadow));
    if (shadow !== undefined)
      ctx.addIssue({ code: "custom", path: ["sets"], message: `set ${shadow} is reported twice` });
  });
export type Inventory = z.infer<typeof inventorySchema>;

export const heartbeatRequestSchema = z.object({
  agentVersion: z.string().max(64),
  protocolVersion: z.number().int(),
  inventory: inventorySchema.optional(),
  /**
   * True on the first heartbeat of a newly started agent process, which is sent before its first
   * claim: any job the console still thinks it runs belonged to the previous process.
   */
  agentRestarted: z.boolean().optional(),
  /** Jobs the agent is running, so the console can renew their leases. */
  runningJobs: z.array(z.object({ jobId: z.string(), attempt: z.number().int() })).default([]),
});
export const heartbeatResponseSchema = z.object({
  serverTime: z.number(),
  cancelJobIds: z.array(z.string()),
  /** The agent sends its full inventory on the next heartbeat when true. */
  wantInventory: z.boolean(),
});

// ---- jobs: claim by long-poll, numbered events, finish ----
export const claimRequestSchema = z.object({
  waitSeconds: z.number().int().min(0).max(60),
  /**
   * "resume": only a resume hook (hook.run, purpose "resume"), which an agent busy with another
   * job still runs beside it, so a runbook can let the application write again while its copy
   * goes on (agent/agent-loop.ts). Older agents send none: any job.
   */
  only: z.enum(["resume"]).optional(),
});
export const claimedJobSchema = z.object({
  id: z.string(),
  kind: z.string(),
  args: z.record(z.string(), z.unknown()),
  attempt: z.number().int(),
  leaseExpiresAt: z.number(),
  deadlineAt: z.number(),
});
export const claimResponseSchema = z.object({ job: claimedJobSchema.nullable() });
export type ClaimedJob = z.infer<typeof claimedJobSchema>;

export const jobEventSchema = z.object({
  seq: z.number().int().positive(),
  at: z.number(),
  type: z.enum(["progress", "log", "warning", "phase", "point-in-time"]),
  message: z.string().max(4000).optional(),
  /**
   * "point-in-time": a copy job's point in time exists (docs/consistency-modes.md). When every
   * set took it instantly (a clone), the application may write again while the copy goes on;
   * a scan-mode set's point in time is only complete when the copy ends.
   */
  pointInTime: z
    .object({
      at: z.number(),
      sets: z
        .array(
          z.object({ set: z.string().max(4096), mode: z.enum(["scan", "instant"]), cloneMs: z.number().nullable() }),
        )
        .max(1000),
    })
    .optional(),
  progress: jobProgressSchema.optional(),
});
export type JobEvent = z.infer<typeof jobEventSchema>;

export const jobEventsRequestSchema = z.object({ attempt: z.number().int(), events: z.array(jobEventSchema).max(500) });
export const jobEventsResponseSchema = z.object({ cancelRequested: z.boolean(), leaseExpiresAt: z.number() });

export const jobErrorSchema = z.object({
  code: z.string(),
  message: z.string().max(4000),
  /** The set, volume, disk group or hook the error is about. */
  object: z.string().nullable(),
});
export const jobFinishRequestSchema = z.object({
  attempt: z.number().int(),
  outcome: z.enum(["succeeded", "failed", "cancelled"]),
  result: z.record(z.string(), z.unknown()).nullable().default(null),
  error: jobErrorSchema.nullable().default(null),
  /**
   * The host's inventory after the job. Stored with the finish, so a client that sees the job end
   * also sees its effect (a script's next command may name the volume the job just created).
   */
  inventory: inventorySchema.optional(),
});
export const jobFinishResponseSchema = z.object({ ok: z.literal(true) });

export const agentErrorResponseSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
