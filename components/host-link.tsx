import Link from "next/link";

/** A host's name linking to its page. */
export function HostLink({ host }: { host: string }) {
  return (
    <Link href={`/hosts/${encodeURIComponent(host)}`} className="underline underline-offset-2">
      {host}
    </Link>
  );
}
