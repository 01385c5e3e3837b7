// A set's I/O group as a link to the group's page, or "none" when the set is in no group: the same
// in the list of sets, a disk group's sets and a set's own page.
import Link from "next/link";
import { groupHref } from "@/lib/set-route";

export function IoGroupLink({ host, group }: { host: string; group: string | null | undefined }) {
  if (!group) return <span className="text-muted">none</span>;
  return (
    <Link href={groupHref(host, group)} className="underline underline-offset-2">
      {group}
    </Link>
  );
}
