"use client";
// "Held by" filter, kept in the URL (?heldBy=prod or ?heldBy=deported) so a filtered list can be
// bookmarked. Changing the select navigates at once.
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId } from "react";
import { HydratedFieldset } from "@/components/hydrated-fieldset";
import { DEPORTED, type HeldByFilter, heldByQuery } from "@/lib/disk-group-list-filter";
import { useTRPC } from "@/trpc/client";

export function DiskGroupFilterForm({ heldBy }: { heldBy: HeldByFilter }) {
  const trpc = useTRPC();
  const router = useRouter();
  const hosts = useQuery(trpc.host.list.queryOptions());
  const id = useId();
  return (
    <form
      role="search"
      aria-label="Filter disk groups"
      className="flex items-center gap-2 text-sm"
      onSubmit={(e) => e.preventDefault()}
    >
      <HydratedFieldset>
        <label htmlFor={id} className="text-muted">
          Held by
        </label>
        <select
          id={id}
          value={heldBy ?? ""}
          onChange={(e) => router.push(`/disk-groups${heldByQuery(e.target.value || undefined)}`)}
          className="rounded-md border border-border bg-background px-2 py-1 text-sm"
        >
          <option value="">Any host or none</option>
          {heldBy && heldBy !== DEPORTED && !hosts.data?.some((h) => h.name === heldBy) && (
            <option value={heldBy}>{heldBy}</option>
          )}
          {hosts.data?.map((h) => (
            <option key={h.id} value={h.name}>
              {h.name}
            </option>
          ))}
          <option value={DEPORTED}>nobody (deported)</option>
        </select>
      </HydratedFieldset>
    </form>
  );
}
