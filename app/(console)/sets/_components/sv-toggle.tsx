"use client";
// svadm -e / -d for one volume (docs/instant-image.md §7): a volume under sv is one whose writes the
// agent sees. Enabling a set puts master and shadow under sv itself; this is for the exceptions.
import { useTRPC } from "@/trpc/client";
import { ActionButton } from "./action-button";

export function SvToggle({ host, volume, isUnderSv }: { host: string; volume: string; isUnderSv: boolean }) {
  const trpc = useTRPC();
  return isUnderSv ? (
    <ActionButton
      label="Release from sv"
      title={`Release ${volume} from sv?`}
      confirmLabel="Release"
      destructive
      options={trpc.sv.disable.mutationOptions()}
      variables={{ host, volumes: [volume] }}
      jobLabel={`svadm -d ${volume}`}
    >
      <p>
        {host} stops watching writes to <code className="font-mono">{volume}</code>. A set using it can no longer track
        them; the agent refuses while a set needs it.
      </p>
    </ActionButton>
  ) : (
    <ActionButton
      label="Put under sv"
      title={`Put ${volume} under sv?`}
      confirmLabel="Enable sv"
      options={trpc.sv.enable.mutationOptions()}
      variables={{ host, volumes: [volume] }}
      jobLabel={`svadm -e ${volume}`}
    >
      <p>
        {host} starts watching writes to <code className="font-mono">{volume}</code>.
      </p>
    </ActionButton>
  );
}
