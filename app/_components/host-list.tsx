"use client";
import { useSuspenseQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/client";

// UTC and locale-free, so the server render and the browser hydration print the same text.
function formatTime(iso: string | null) {
  return iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : "never";
}

export function HostList() {
  const trpc = useTRPC();
  const { data: hosts } = useSuspenseQuery(trpc.host.list.queryOptions());

  if (hosts.length === 0) {
    return (
      <div className="rounded-lg border border-dashed border-border bg-surface p-6">
        <h2 className="font-medium">No hosts yet</h2>
        <p className="mt-1 text-sm text-muted">
          A host appears here once a pitcrew agent running on it enrols with this console. Agent
          enrolment is not available yet.
        </p>
      </div>
    );
  }

  return (
    <div className="overflow-hidden rounded-lg border border-border bg-surface">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Hosts known to this console</caption>
        <thead className="border-b border-border text-muted">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">Name</th>
            <th scope="col" className="px-4 py-2 font-medium">Agent version</th>
            <th scope="col" className="px-4 py-2 font-medium">Last heartbeat</th>
          </tr>
        </thead>
        <tbody>
          {hosts.map((host) => (
            <tr key={host.id} className="border-b border-border last:border-0">
              <td className="px-4 py-2 font-medium">{host.name}</td>
              <td className="px-4 py-2">{host.agentVersion ?? "unknown"}</td>
              <td className="px-4 py-2">
                <time dateTime={host.lastHeartbeat ?? undefined}>{formatTime(host.lastHeartbeat)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
