// The largest request body each console endpoint reads. A body is refused with 413 before it is
// read: at once when Content-Length says it is over, else as soon as the bytes streamed in pass
// the limit (a chunked body has no Content-Length). One file so every limit can be compared.

/**
 * Heartbeat and finish bodies, which may carry an inventory (limits: lib/inventory-limits.ts).
 * The largest inventory those limits allow, with VxVM-style device paths, is 2.4 MB as JSON
 * (test/largest-inventory.ts: 1,000 disk groups, 10,000 volumes, 1,000 sets). 8 MiB leaves over
 * three times that for long paths and reasons, and bounds what one request makes the console
 * hold: parsed, such a body takes a few tens of MB for the moment it is stored.
 */
export const AGENT_INVENTORY_MAX_BYTES = 8 * 1024 * 1024;
