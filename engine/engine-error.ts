// Engine errors carry II's kernel error code (docs/instant-image.md §2.3, §9) and a message that
// names the object, so the CLI can print iiadm's text and exit status and the console can show
// which volume or set was refused.

export type DswErrorCode =
  | "DSW_EEMPTY"
  | "DSW_EINUSE"
  | "DSW_EOPEN"
  | "DSW_EOFFLINE"
  | "DSW_EPARTSIZE"
  | "DSW_EBMPSIZE"
  | "DSW_ESHDSIZE"
  | "DSW_EHDRBMP"
  | "DSW_ECOPYING"
  | "DSW_EISEXPORTED"
  | "DSW_EDEPENDENCY"
  | "DSW_EALREADY"
  | "DSW_ENOTEXPORTED"
  | "DSW_EINVALBMP"
  | "DSW_ENOTFOUND"
  | "DSW_EGNOTFOUND"
  | "DSW_EMISMATCH"
  | "DSW_EABORTED"
  | "DSW_EIO"
  | "DSW_EINCOMPLETE"
  | "DSW_EMOUNTED"
  | "DSW_EINVAL"
  | "DSW_EDISABLE"
  | "DSW_ENOTLOCKED"
  | "DSW_EWRONGTYPE"
  | "DSW_ECONFIG"
  | "DSW_ENOTSUP"
  // Disk groups (docs/architecture.md §2, docs/instant-image.md §8) and the sv layer (§7): VxVM and SV have no
  // codes of their own in what pitcrew copies, so these name the refusal.
  | "DG_EINVAL"
  | "DG_EEXIST"
  | "DG_ENOTFOUND"
  | "DG_EDAMAGED"
  | "DG_EINUSE"
  | "DG_ELOCKED"
  | "DG_ENOTOWNER"
  | "DG_EDEPORTED"
  | "DG_ESTOPPED"
  | "DG_EBUSY"
  | "SV_ENODEV"
  // The built-in archive of the runbook's backup step (docs/architecture.md §5).
  | "ARCHIVE_EREAD"
  | "ARCHIVE_EWRITE"
  | "ARCHIVE_ENOSPC"
  | "ARCHIVE_EEXIST"
  | "ARCHIVE_EMISMATCH"
  | "ARCHIVE_ECANCELLED";

export class EngineError extends Error {
  constructor(
    readonly code: DswErrorCode,
    message: string,
    /** iiadm's first line for this failure ("Enable failed", "Copy failed", …), if any. */
    readonly operation?: string,
  ) {
    super(message);
    this.name = "EngineError";
  }

  static fromErrno(err: unknown, object: string, code: DswErrorCode = "DSW_EIO"): EngineError {
    const e = err as NodeJS.ErrnoException;
    const reason = e.code === "ENOENT" ? "does not exist" : e.code === "EACCES" ? "permission denied" : e.message;
    return new EngineError(code, `${object}: ${reason}`);
  }
}
