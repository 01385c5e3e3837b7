import "server-only";
// Bulk inserts for the inventory projection: one INSERT … SELECT FROM json_each(?) per table
// instead of createMany. Prisma spends about half a millisecond per row of a createMany and some
// 20 µs per bound parameter of a raw multi-row INSERT, while SQLite unpacks one JSON parameter in
// C; the largest host (lib/inventory-limits.ts) brings 12,000 rows in its first report, which
// took 12 s with createMany. json_each is SQLite's; a PostgreSQL build would use
// jsonb_to_recordset.
import type { Prisma } from "@/generated/sqlite/client";

/**
 * Inserts rows (every one with the columns of the first) in one statement. Dates become the ISO
 * text Prisma itself writes for DateTime on SQLite, booleans 1/0, sizes numbers (exact below 2^53
 * bytes). Table and column names come from the callers' code (object keys), never from a report.
 */
export async function insertRows(
  tx: Prisma.TransactionClient,
  table: "DiskGroup" | "Volume" | "VolumeSet" | "DiskGroupHolder",
  rows: object[],
): Promise<void> {
  const [first] = rows;
  if (!first) return;
  const columns = Object.keys(first);
  const json = JSON.stringify(rows, (_key, value: unknown) => (typeof value === "bigint" ? Number(value) : value));
  await tx.$executeRawUnsafe(
    `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) ` +
      `SELECT ${columns.map((c) => `json_extract(value, '$.${c}')`).join(", ")} FROM json_each(?)`,
    json,
  );
}
