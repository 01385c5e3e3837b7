// The built-in backup to a tape drive (docs/architecture.md §5, the runbook's backup step): the volumes as one
// POSIX tar stream, restorable with plain `tar -x -f /dev/st0`, then read back from the start and
// checked against the manifest. Only what a tape can do: open, write whole 64 KiB records in
// order, close, reopen, read in order; never seek. The manifest is the last member: nothing on a
// tape can be rewritten, and a stream cut short ends without one, so it never passes for complete.
import { createHash } from "node:crypto";
import { constants } from "node:fs";
import { type FileHandle, open, realpath, stat } from "node:fs/promises";
import { archiveManifestSchema, type ArchiveManifest } from "@/lib/archive-manifest";
import { archiveFileName, checkArchiveLabel, type ArchiveRunOptions } from "./create-archive";
import { EngineError } from "./engine-error";
import {
  BLOCK_BYTES,
  END_OF_ARCHIVE,
  memberHeader,
  paddingAfter,
  parseHeaderBlock,
  parsePaxRecords,
} from "./tar-format";
import { RecordReader, RecordWriter } from "./tape-records";
import { streamVolume } from "./stream-volume";
import { volumeInfo } from "./volume";

export interface TapeArchiveInput {
  device: string;
  volumes: readonly { path: string; set: string | null }[];
  label: string;
  host: string;
  pointInTime: string | null;
}

const READ_BYTES = 4 << 20;
const MANIFEST_NAME = "manifest.json";

/**
 * A non-rewinding tape device cannot be read back from its start without a rewind ioctl, which
 * Node lacks. Named through a symlink too (/dev/tape/by-id/…-nst).
 */
async function refuseNonRewinding(device: string): Promise<void> {
  const real = await realpath(device).catch(() => device);
  const m = /^\/dev\/n(st|sa)(\d+\w*)$/.exec(real);
  if (m) {
    throw new EngineError(
      "ARCHIVE_EWRITE",
      `tape device ${device} does not rewind on close, so the archive could not be read back and verified: use the rewinding device /dev/${m[1]}${m[2]}`,
    );
  }
}

async function openDevice(device: string, write: boolean): Promise<FileHandle> {
  let regularFile = false;
  try {
    regularFile = (await stat(device)).isFile();
    // No O_CREAT: a configured device must exist, so a typo never becomes a new file.
    return await open(device, write ? constants.O_WRONLY | (regularFile ? constants.O_TRUNC : 0) : constants.O_RDONLY);
  } catch (err) {
    throw EngineError.fromErrno(err, `tape device ${device}`, write ? "ARCHIVE_EWRITE" : "ARCHIVE_EREAD");
  }
}

export async function writeTapeArchive(
  input: TapeArchiveInput,
  opts: ArchiveRunOptions = {},
): Promise<{ device: string; manifest: ArchiveManifest }> {
  checkArchiveLabel(input.label);
  await refuseNonRewinding(input.device);
  const names = input.volumes.map((v) => `${input.label}/${archiveFileName(v.path)}`);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new EngineError("ARCHIVE_EWRITE", `two volumes would share the tar member ${twice}`);
  const infos = await Promise.all(input.volumes.map((v) => volumeInfo(v.path)));
  const bytesTotal = infos.reduce((a, v) => a + v.sizeBytes, 0);

  const handle = await openDevice(input.device, true);
  const out = new RecordWriter(handle, input.device);
  const now = Date.now() / 1000;
  const entries: ArchiveManifest["volumes"] = [];
  let before = 0;
  try {
    for (const [i, info] of infos.entries()) {
      await out.write(memberHeader({ name: names[i]!, size: info.sizeBytes }, now));
      const sha256 = await streamVolume(info, (chunk) => out.write(chunk), {
        signal: opts.signal,
        onProgress: (done) =>
          opts.onProgress?.({ phase: "archiving", volume: info.path, bytesDone: before + done, bytesTotal }),
      });
      await out.write(Buffer.alloc(paddingAfter(info.sizeBytes)));
      entries.push({
        volume: info.path,
        set: input.volumes[i]!.set,
        file: names[i]!,
        sizeBytes: info.sizeBytes,
        sha256,
      });
      before += info.sizeBytes;
    }
    const manifest: ArchiveManifest = {
      formatVersion: 1,
      label: input.label,
      host: input.host,
      createdAt: new Date().toISOString(),
      pointInTime: input.pointInTime,
      volumes: entries,
    };
    const json = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
    await out.write(memberHeader({ name: `${input.label}/${MANIFEST_NAME}`, size: json.length }, now));
    await out.write(json);
    await out.write(Buffer.alloc(paddingAfter(json.length)));
    await out.write(END_OF_ARCHIVE);
    await out.finish();
    // A tape driver may not support fsync; its close writes the filemark and flushes.
    await handle.sync().catch((err: NodeJS.ErrnoException) => {
      if (err.code !== "EINVAL" && err.code !== "ENOTSUP")
        throw EngineError.fromErrno(err, `tape device ${input.device}`, "ARCHIVE_EWRITE");
    });
  } finally {
    await handle.close();
  }
  const verified = await verifyTapeArchive(input.device, opts, bytesTotal);
  return { device: input.device, manifest: verified };
}

/**
 * Reads a tape archive from the start: hashes every member, then checks each volume member
 * against the manifest at the end (names, order, sizes, SHA-256).
 */
export async function verifyTapeArchive(
  device: string,
  opts: ArchiveRunOptions = {},
  expectedBytes?: number,
): Promise<ArchiveManifest> {
  await refuseNonRewinding(device);
  const handle = await openDevice(device, false);
  const read: { name: string; size: number; sha256: string }[] = [];
  let manifestJson: Buffer | null = null;
  let manifestName = "";
  let ended = false;
  try {
    const input = new RecordReader(handle, device);
    let pax: Record<string, string> = {};
    let done = 0;
    for (;;) {
      const at = input.offset;
      const block = await input.take(BLOCK_BYTES);
      if (!block) break;
      if (manifestJson) {
        // Only the end-of-archive blocks may follow the manifest.
        ended = block.every((b) => b === 0);
        break;
      }
      let header;
      try {
        header = parseHeaderBlock(block, at);
      } catch (err) {
        throw new EngineError("ARCHIVE_EMISMATCH", `tape device ${device}: ${(err as Error).message}`);
      }
      if (header.kind === "end") break;
      const name = pax.path ?? header.name;
      const size = pax.size !== undefined ? Number(pax.size) : header.size;
      if (!Number.isSafeInteger(size) || size < 0)
        throw new EngineError(
          "ARCHIVE_EMISMATCH",
          `tape device ${device}: member ${name} has a bad size ${JSON.stringify(pax.size ?? header.size)}`,
        );
      pax = {};
      if (header.typeflag === "x") {
        const data = await input.take(size + paddingAfter(size));
        if (!data) break;
        try {
          pax = parsePaxRecords(data.subarray(0, size));
        } catch (err) {
          throw new EngineError("ARCHIVE_EMISMATCH", `tape device ${device}: ${(err as Error).message}`);
        }
        continue;
      }
      const hash = createHash("sha256");
      const keep = name.endsWith(`/${MANIFEST_NAME}`);
      const parts: Buffer[] = [];
      for (let left = size; left > 0; ) {
        if (opts.signal?.aborted)
          throw new EngineError("ARCHIVE_ECANCELLED", `verification of ${device} cancelled at member ${name}`);
        const n = Math.min(READ_BYTES, left);
        const chunk = await input.take(n);
        if (!chunk)
          throw new EngineError(
            "ARCHIVE_EMISMATCH",
            `tape device ${device}: member ${name} ends early, ${size - left} of ${size} bytes`,
          );
        hash.update(chunk);
        if (keep) parts.push(Buffer.from(chunk));
        left -= n;
        if (!keep) {
          done += n;
          opts.onProgress?.({
            phase: "verifying",
            volume: name,
            bytesDone: done,
            bytesTotal: Math.max(expectedBytes ?? 0, done + left),
          });
        }
      }
      await input.take(paddingAfter(size));
      if (keep) {
        manifestJson = Buffer.concat(parts);
        manifestName = name;
      } else read.push({ name, size, sha256: hash.digest("hex") });
    }
  } finally {
    await handle.close();
  }
  if (!manifestJson) throw new EngineError("ARCHIVE_EMISMATCH", `no manifest: the archive on ${device} is incomplete`);
  if (!ended)
    throw new EngineError(
      "ARCHIVE_EMISMATCH",
      `the archive on ${device} does not end after its manifest: it was cut short or overwritten`,
    );
  let json: unknown;
  try {
    json = JSON.parse(manifestJson.toString("utf8"));
  } catch (err) {
    throw new EngineError("ARCHIVE_EMISMATCH", `the manifest on ${device} is not JSON: ${(err as Error).message}`);
  }
  const parsed = archiveManifestSchema.safeParse(json);
  if (!parsed.success)
    throw new EngineError(
      "ARCHIVE_EMISMATCH",
      `the manifest on ${device} is not a pitcrew manifest: ${parsed.error.message}`,
    );
  const manifest = parsed.data;
  if (manifestName !== `${manifest.label}/${MANIFEST_NAME}`) {
    throw new EngineError(
      "ARCHIVE_EMISMATCH",
      `the manifest on ${device} is ${manifestName}, but names label ${manifest.label}`,
    );
  }
  const listed = manifest.volumes.map((v) => v.file);
  if (listed.join("\n") !== read.map((r) => r.name).join("\n")) {
    throw new EngineError(
      "ARCHIVE_EMISMATCH",
      `tape device ${device} holds ${read.map((r) => r.name).join(", ") || "no volumes"}; its manifest lists ${listed.join(", ")}`,
    );
  }
  manifest.volumes.forEach((entry, i) => {
    const got = read[i]!;
    if (got.size !== entry.sizeBytes || got.sha256 !== entry.sha256) {
      throw new EngineError(
        "ARCHIVE_EMISMATCH",
        `tape member ${entry.file} on ${device} does not match its manifest: ${got.size} bytes, SHA-256 ${got.sha256}; manifest says ${entry.sizeBytes} bytes, ${entry.sha256}`,
      );
    }
  });
  return manifest;
}
