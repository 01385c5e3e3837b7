"use client";
// iiadm -I on the backup host: an exported shadow, arrived with its deported disk group, becomes
// an imported set here with a bitmap of its own that records the writes made on this host.
import { HydratedFieldset } from "@/components/hydrated-fieldset";
import { useState } from "react";
import { ActionButton } from "@/app/(console)/sets/_components/action-button";
import { checkImportForm, type EnableCandidate } from "@/lib/set-enable-form";
import { useTRPC } from "@/trpc/client";
import { VolumeSelect } from "./volume-select";

export function ImportShadowForm({ host, candidates }: { host: string; candidates: EnableCandidate[] }) {
  const trpc = useTRPC();
  const [values, setValues] = useState({ shadow: "", bitmap: "" });
  const check = checkImportForm(values, candidates);
  return (
    // Not a <form>: the confirm dialog inside has its own, and forms may not nest.
    <div role="form" aria-label="Import a shadow" className="space-y-4">
      <HydratedFieldset>
        <div className="grid gap-4 md:grid-cols-2">
          <VolumeSelect
            label="Exported shadow"
            value={values.shadow}
            onChange={(shadow) => setValues((v) => ({ ...v, shadow }))}
            candidates={candidates}
            errors={check.errors.shadow}
            hint="exported on its primary host"
          />
          <VolumeSelect
            label="Import bitmap"
            value={values.bitmap}
            onChange={(bitmap) => setValues((v) => ({ ...v, bitmap }))}
            candidates={candidates}
            errors={check.errors.bitmap}
            hint="a bitmap of its own, not the primary's"
          />
        </div>
        <ActionButton
          label="Import shadow"
          title={`Import ${values.shadow} on ${host}?`}
          confirmLabel="Import"
          options={trpc.set.import.mutationOptions()}
          variables={{ host, shadow: values.shadow, bitmap: values.bitmap }}
          jobLabel={`Import of ${values.shadow} on ${host}`}
          disabled={check.args === null}
          disabledReason="choose a free shadow and a big enough bitmap"
          onQueued={() => setValues({ shadow: "", bitmap: "" })}
        >
          <p>
            <code className="font-mono">{values.shadow}</code> becomes an imported set on {host} (no master, no copy);
            writes to it are recorded in <code className="font-mono">{values.bitmap}</code>.
          </p>
          <p>Before handing it back, disable the imported set so the primary can join the shadow with this bitmap.</p>
        </ActionButton>
      </HydratedFieldset>
    </div>
  );
}
