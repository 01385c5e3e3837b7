// Replacing a small JSON file so that a crash leaves either the old or the new content, never
// a torn one: write a temp file, fsync it, rename it over the old one, fsync the directory.
// Used for the set configuration (like dscfg) and for disk-group metadata.
import { randomUUID } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";
import path from "node:path";

/** Makes a rename or unlink in `dir` durable. */
export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } catch (err) {
    // Some network file systems refuse fsync on a directory; their rename is already durable
    // at the server, so there is nothing more to wait for.
    if (!["EINVAL", "ENOTSUP", "EBADF", "EISDIR"].includes((err as NodeJS.ErrnoException).code ?? "")) throw err;
  } finally {
    await handle.close();
  }
}

export async function writeJsonDurably(file: string, value: unknown): Promise<void> {
  // A unique temp name: two hosts that (wrongly) write one shared file at once must not share it.
  const tmp = `${file}.tmp-${randomUUID()}`;
  try {
    const handle = await open(tmp, "wx");
    try {
      await handle.writeFile(JSON.stringify(value, null, 2) + "\n");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  await fsyncDir(path.dirname(file));
}
