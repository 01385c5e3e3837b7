"use client";
// Join an exported shadow back (iiadm -J, docs/instant-image.md §3.6): the bitmap the importing host
// used is read for the chunks written there, which are ORed into this set's bitmap, so the next
// update recopies everything that changed on either host. Forced (-n), an unusable bitmap is
// joined without, and the next update scans the whole shadow instead.
import { HydratedFieldset } from "@/components/hydrated-fieldset";
import { useId, useState } from "react";
import { volumeRefSchema } from "@/lib/job-types";
import { useTRPC } from "@/trpc/client";
import { ActionButton } from "./action-button";

export function JoinForm({ host, shadow, volumes }: { host: string; shadow: string; volumes: string[] }) {
  const trpc = useTRPC();
  const id = useId();
  const [bitmap, setBitmap] = useState("");
  const [force, setForce] = useState(false);
  const parsed = volumeRefSchema.safeParse(bitmap.trim());
  const error = bitmap && !parsed.success ? parsed.error.issues[0]?.message : undefined;
  return (
    <div className="space-y-2">
      <HydratedFieldset>
        <div className="flex flex-wrap items-center gap-2">
          <label htmlFor={id} className="text-sm">
            Importer&apos;s bitmap
          </label>
          <input
            id={id}
            list={`${id}-volumes`}
            value={bitmap}
            onChange={(e) => setBitmap(e.target.value)}
            placeholder="dg/vol or /path"
            aria-invalid={error !== undefined}
            className="rounded-md border border-border bg-background px-2 py-1 font-mono text-sm"
          />
          <datalist id={`${id}-volumes`}>
            {volumes.map((v) => (
              <option key={v} value={v} />
            ))}
          </datalist>
          <label className="flex items-center gap-1 text-sm">
            <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} /> join without the
            importer&apos;s record if it is unusable (-n)
          </label>
          <ActionButton
            label="Join shadow"
            title={`Join the shadow ${shadow} back?`}
            confirmLabel="Join"
            options={trpc.set.join.mutationOptions()}
            variables={{ host, shadow, bitmap: bitmap.trim(), force }}
            jobLabel={`Join of ${shadow}`}
            disabled={!parsed.success}
            disabledReason="name the importer's bitmap first"
          >
            <p>
              {host} reopens the shadow and claims it for the set again. The chunks written on the importing host, as
              recorded in <code className="font-mono">{bitmap.trim()}</code>, are added to this set&apos;s bitmap: the
              next update to shadow recopies them.
            </p>
            {force && (
              <p className="text-warning">
                If the importing host never disabled its set, or never imported the shadow (no valid header), the bitmap
                records nothing: the join goes on without it, and the next update scans the whole shadow as well as the
                master (slower) to find what that host wrote. Make sure it no longer uses the shadow.
              </p>
            )}
          </ActionButton>
        </div>
        <p className="text-xs text-danger">{error ?? ""}</p>
      </HydratedFieldset>
    </div>
  );
}
