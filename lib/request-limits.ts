// The largest request body each console endpoint reads (docs/security.md, "Body limits"). A body
// is refused with 413 before it is read: at once when Content-Length says it is over, else as
// soon as the bytes streamed in pass the limit (a chunked body has no Content-Length), so no
// request, signed in or not, can make the console hold more than this in memory.
// Next itself limits nothing for route handlers; proxy.ts skips /api/ so that Next's proxy does
// not buffer request bodies there (it would, up to 10 MB, to let the proxy read them).
// One file so every limit can be seen and compared; add new ones here with the reason.

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * /api/agent/v1/enrol, the one agent route without a credential: an enrolment token, a host name
 * and two versions, a few hundred bytes. 16 KiB leaves room and gives an anonymous caller nothing.
 */
export const AGENT_ENROL_MAX_BYTES = 16 * KiB;

/**
 * Every other agent route unless it names its own limit. The largest is a batch of job events:
 * at most 500 events with messages of at most 4,000 characters (lib/agent-protocol.ts), under
 * 2.5 MB as JSON even when every character takes 1 byte of escaping; 4 MiB covers it.
 * Heartbeat and finish, which carry the host's inventory, have their own limit below.
 */
export const AGENT_DEFAULT_MAX_BYTES = 4 * MiB;

/**
 * tRPC calls (one batch) without a credential: only auth.signIn takes input then, a user name of
 * at most 200 and a password of at most 1,024 characters.
 */
export const TRPC_ANONYMOUS_MAX_BYTES = 16 * KiB;

/**
 * tRPC calls (one batch) with a session cookie or an API token. The largest real input is a
 * runbook spec (a few KB of YAML turned JSON); 1 MiB is far above any form or CLI call.
 */
export const TRPC_MAX_BYTES = 1 * MiB;

/**
 * Heartbeat and finish bodies, which may carry an inventory (limits: lib/inventory-limits.ts).
 * The largest inventory those limits allow, with VxVM-style device paths, is 2.4 MB as JSON
 * (test/support/largest-inventory.ts: 1,000 disk groups, 10,000 volumes, 1,000 sets). 8 MiB leaves over
 * three times that for long paths and reasons, and bounds what one request makes the console
 * hold: parsed, such a body takes a few tens of MB for the moment it is stored.
 */
export const AGENT_INVENTORY_MAX_BYTES = 8 * MiB;
