// Who holds a disk group, as the console presents it: its own record (prisma DiskGroupHolder)
// over any host's report. Disk groups live on shared storage and every host reports the holder
// it sees, so a report is a claim; one that contradicts the record is a conflict to show, not the
// truth (issue 21, finding 9: one host's credential claimed every disk group).

export interface DiskGroupHolderRecord {
  /** The holding host's name, or null when deported. */
  holder: string | null;
  /** "job": from a job the console ran; "report": from a host's report, not recorded by the console. */
  source: "job" | "report";
  jobId: string | null;
  reportedBy: string | null;
  recordedAt: string;
}

export interface DiskGroupClaimConflict {
  /** The host whose report contradicts the record. */
  host: string;
  /** The holder that host reports. */
  claims: string;
}

export interface DiskGroupOwnership {
  /** The holder the console believes: its record when it has one, else the newest report's, or null (deported). */
  owner: string | null;
  /**
   * "console": recorded from a job the console ran. "host-report": taken from a host's report,
   * not recorded by the console (imported with `pitcrew dg --local`, or before the console).
   */
  ownerSource: "console" | "host-report";
  record: DiskGroupHolderRecord | null;
  /** Reports that name a holder other than the record's: shown, never believed. */
  conflicts: DiskGroupClaimConflict[];
}

/** `views` are the hosts' reports, newest first. */
export function describeDiskGroupOwnership(
  record: DiskGroupHolderRecord | null,
  views: { host: string; owner: string | null }[],
): DiskGroupOwnership {
  if (!record) return { owner: views[0]?.owner ?? null, ownerSource: "host-report", record: null, conflicts: [] };
  // A host that sees nobody holding it is behind (its next report catches up), not a claim.
  const conflicts = views.flatMap((v) =>
    v.owner !== null && v.owner !== record.holder ? [{ host: v.host, claims: v.owner }] : [],
  );
  return { owner: record.holder, ownerSource: record.source === "job" ? "console" : "host-report", record, conflicts };
}

/** One line for a conflict, for the CLI and the UI's titles. */
export function describeClaimConflict(
  ownership: Pick<DiskGroupOwnership, "owner">,
  conflict: DiskGroupClaimConflict,
): string {
  const recorded = ownership.owner === null ? "deported" : `held by ${ownership.owner}`;
  return `${conflict.host} reports it held by ${conflict.claims}; the console's record says ${recorded}`;
}
