// A set's consistency mode (docs/consistency-modes.md), found from its volumes' file systems by
// the rule in lib/consistency-mode.ts: at enable, at every update (a master moved to another file
// system, or a file system remounted, changes it), and for the status. At an update a file
// system that cannot be looked at fails the update: it never quietly turns the set to scan mode.
import { consistencyFor, type ConsistencyDecision } from "@/lib/consistency-mode";
import { sharingOf } from "./block-sharing";
import type { SetRecord } from "./config-store";

export async function consistencyOfVolumes(req: {
  type: "ind" | "dep";
  master: string;
  shadow: string;
  requested: "auto" | "scan";
}): Promise<ConsistencyDecision> {
  if (req.requested === "scan") {
    return {
      mode: "scan",
      mechanism: null,
      reason: "the operator asked for scan mode",
      requested: "scan",
      refusal: null,
    };
  }
  const [master, shadow] = await Promise.all([sharingOf(req.master), sharingOf(req.shadow)]);
  return consistencyFor({
    type: req.type,
    master,
    shadow,
    requested: req.requested,
    masterPath: req.master,
    shadowPath: req.shadow,
  });
}

export async function consistencyOfSet(record: SetRecord): Promise<ConsistencyDecision> {
  const requested = record.consistency ?? "auto";
  if (record.imported) {
    return {
      mode: "scan",
      mechanism: null,
      reason: "an imported shadow has no master on this host",
      requested,
      refusal: null,
    };
  }
  return consistencyOfVolumes({
    type: record.mode === "I" ? "ind" : "dep",
    master: record.master,
    shadow: record.shadow,
    requested,
  });
}

/** For the status: a volume that cannot be looked at is reported, never guessed at. */
export async function consistencyForStatus(record: SetRecord): Promise<ConsistencyDecision> {
  return consistencyOfSet(record).catch((err: Error) => ({
    mode: "scan" as const,
    mechanism: null,
    reason: `its volumes' file systems could not be read: ${err.message}`,
    requested: record.consistency ?? "auto",
    refusal: null,
  }));
}
