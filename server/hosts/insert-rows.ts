import "server-only";
// Bulk inserts for the inventory projection: one INSERT … SELECT FROM json_each(?) per table
// instead of createMany. Prisma spends about half a millisecond per row of a createMany and some
// 20 µs per bound parameter of a raw multi-row INSERT, while SQLite unpacks one JSON parameter in
// C; the largest host (lib/inventory-limits.ts) brings 12,000 rows in its first report, which
// took 12 s with createMany. On PostgreSQL, jsonb_populate_recordset does the same, typing each
// value by the table's own column.
import type { Prisma } from "@/generated/sqlite/client";
import { dbProvider } from "@/server/db";

/**
 * Inserts rows (every one with the columns of the first) in one statement. Dates become ISO text
 * (what Prisma itself writes for DateTime on SQLite; a UTC timestamp on PostgreSQL), booleans 1/0
 * on SQLite, sizes numbers (exact below 2^53 bytes). Table and column names come from the callers'
 * code (object keys), never from a report.
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
  const names = columns.map((c) => `"${c}"`).join(", ");
  if (dbProvider === "postgresql") {
    await tx.$executeRawUnsafe(
      `INSERT INTO "${table}" (${names}) SELECT ${names} FROM jsonb_populate_recordset(NULL::"${table}", $1::jsonb)`,
      json,
    );
    return;
  }
  await tx.$executeRawUnsafe(
    `INSERT INTO "${table}" (${names}) ` +
      `SELECT ${columns.map((c) => `json_extract(value, '$.${c}')`).join(", ")} FROM json_each(?)`,
    json,
  );
}
