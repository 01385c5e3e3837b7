import "server-only";
// The stored form of a host's inventory document (Host.inventoryGzip): its JSON text, gzip-compressed.
//
// Why compressed: SQLite rewrites a whole row on every update, and the Host row is updated by
// every heartbeat; the largest report the limits allow is 7 MiB of JSON, which compresses to a
// few hundred KiB (names and paths repeat). Passing 7 MiB of text through Prisma also took about
// 0.3 s while the storing transaction held SQLite's only connection. Both directions run on
// libuv's thread pool, not the event loop.
import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

// Level 1: about twice as fast as the default for a few per cent more bytes.
export async function packInventoryDocument(json: string): Promise<Uint8Array<ArrayBuffer>> {
  const packed = await gzipAsync(json, { level: 1 });
  return new Uint8Array(packed.buffer, packed.byteOffset, packed.byteLength) as Uint8Array<ArrayBuffer>;
}

/** The document's JSON text: from inventoryGzip, or from inventoryJson for a document stored before it. */
export async function unpackInventoryDocument(stored: {
  inventoryGzip: Uint8Array | null;
  inventoryJson: string | null;
}): Promise<string | null> {
  if (stored.inventoryGzip) return (await gunzipAsync(stored.inventoryGzip)).toString("utf8");
  return stored.inventoryJson;
}
