// The largest inventory an agent may send (docs/agent-payload-limits.md). Without limits one
// host's report of 2,000 disk groups × 100 volumes (18 MB) took the console 35–55 s to store,
// and nothing else was answered meanwhile. The limits are sized for the largest real host with
// room to spare, not for the demo: a big VxVM host carries a few hundred disk groups, a few
// thousand volumes and some hundreds of Instant Image sets. An agent over a limit is refused with
// the field named (400), never truncated: a partial inventory would look like deleted volumes.

/** Disk groups on one host. Large VxVM installations run a few hundred; 1,000 leaves room. */
export const MAX_DISK_GROUPS = 1_000;

/**
 * Volumes in one disk group. A database disk group with one volume per tablespace file can reach
 * a thousand or two; 4,096 leaves room for the largest.
 */
export const MAX_VOLUMES_PER_DISK_GROUP = 4_096;

/**
 * Volumes in all disk groups together: "a few thousand" on the largest hosts, so 10,000. This is
 * the number that sets the console's work per report (one row each), so it is capped on its own:
 * 1,000 groups × 4,096 volumes would be four million rows.
 */
export const MAX_VOLUMES_PER_HOST = 10_000;

/** Instant Image sets on one host: some hundreds on the largest (one per master volume); 1,000. */
export const MAX_SETS = 1_000;

/** Volumes under sv: at most every volume of the host, and sv is rarely used beyond the sets. */
export const MAX_SV_VOLUMES = MAX_VOLUMES_PER_HOST;

/** Disk-group roots, hooks and tape devices come from the agent's config file, written by hand. */
export const MAX_ROOTS = 64;
export const MAX_HOOKS = 256;
export const MAX_TAPE_DEVICES = 64;

/** Disk group, volume and I/O group names: VxVM allows 31 characters; 128 takes any naming scheme. */
export const MAX_NAME_LENGTH = 128;

/** A path: Linux's PATH_MAX. Real ones are under 200 characters; the body limit caps the sum. */
export const MAX_PATH_LENGTH = 4_096;

/** Free text from the host (why a volume is busy, why metadata is damaged): as job messages. */
export const MAX_MESSAGE_LENGTH = 4_000;
