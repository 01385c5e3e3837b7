"use client";
import { useSuspenseQuery } from "@tanstack/react-query";
import { RunbookForm } from "@/app/(console)/runbooks/_components/runbook-form";
import { runbookFormFromSpec } from "@/lib/runbook-form";
import { useTRPC } from "@/trpc/client";

export function EditRunbook({ name, timeZone }: { name: string; timeZone: string }) {
  const trpc = useTRPC();
  // No polling: the form edits a copy, and a refetch must not overwrite what the operator typed.
  const { data: runbook } = useSuspenseQuery({
    ...trpc.runbook.get.queryOptions({ name }),
    refetchOnWindowFocus: false,
  });
  return <RunbookForm initial={runbookFormFromSpec(runbook.spec)} editing timeZone={timeZone} />;
}
