// Names and sizes an operator gives to disk groups and their volumes (docs/architecture.md §2 "Disk
// group"). A name becomes a directory or file name on shared storage, so it is held to a small
// portable alphabet: no '/', no leading dot (which also rules out '.' and '..' and keeps the
// group's own dot-files — metadata, lock, travelling digests — out of reach), at most 64 chars.
import { EngineError } from "./engine-error";

const NAME = /^[A-Za-z0-9._-]+$/;
export const MAX_NAME_LENGTH = 64;

/** Throws DG_EINVAL naming the field ("disk group name", "volume name") when `name` is unusable. */
export function assertObjectName(field: string, name: string): void {
  const why = !name
    ? "is empty"
    : name.length > MAX_NAME_LENGTH
      ? `is longer than ${MAX_NAME_LENGTH} characters`
      : name.startsWith(".")
        ? "must not start with '.'"
        : !NAME.test(name)
          ? "may only hold letters, digits, '.', '_' and '-'"
          : null;
  if (why) throw new EngineError("DG_EINVAL", `${field} '${name}' ${why}`);
}

/** Sizes are whole, positive byte counts (a zero-length volume cannot hold a chunk). */
export function assertVolumeSize(field: string, bytes: number): void {
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    throw new EngineError("DG_EINVAL", `${field} ${bytes} is not a positive whole number of bytes`);
  }
}

/** Host names end up in metadata and messages; they must at least be non-empty and one line. */
export function assertHostName(host: string): void {
  if (!host || /[\s]/.test(host))
    throw new EngineError("DG_EINVAL", `host name '${host}' must be non-empty and hold no spaces`);
}
