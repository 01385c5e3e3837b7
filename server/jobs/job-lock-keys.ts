import "server-only";
// Lock keys name the objects a job works on (lib/job-types jobLockKeys), scoped to the job's host:
// set and disk-group names are only unique within a host.
import { jobLockKeys } from "@/lib/job-types";

export function hostJobLockKeys(hostId: string, args: Record<string, unknown>): string[] {
  return jobLockKeys(args).map((key) => `${hostId}:${key}`);
}

const objectNames: Record<string, string> = { set: "set", group: "group", dg: "disk group" };

/** "<hostId>:set:/dev/x" → "set /dev/x", for messages. */
export function describeJobLockKey(key: string): string {
  const withoutHost = key.slice(key.indexOf(":") + 1);
  const colon = withoutHost.indexOf(":");
  const kind = withoutHost.slice(0, colon);
  return `${objectNames[kind] ?? kind} ${withoutHost.slice(colon + 1)}`;
}
