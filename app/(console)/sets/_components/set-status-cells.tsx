"use client";
// A set's live status as table cells, in the order the set tables show them: its state, its
// bitmaps, the copy under way and its point in time. The list of sets and an I/O group's page
// show the same four, so they read them the same way.
import { Cell } from "@/components/data-table";
import { RelativeTime } from "@/components/relative-time";
import { SetStateBadge } from "@/components/set-state-badge";
import { pointInTimeIso, setStateOf } from "@/lib/set-state";
import { BitmapMeter } from "./bitmap-meter";
import { SetCopyProgress } from "./set-copy-progress";

type StatusOf = Parameters<typeof BitmapMeter>[0]["set"] &
  Parameters<typeof SetCopyProgress>[0]["set"] &
  Parameters<typeof setStateOf>[0] & { mtime: number };

export function SetStatusCells({ set }: { set: StatusOf }) {
  return (
    <>
      <Cell>
        <SetStateBadge state={setStateOf(set)} />
      </Cell>
      <Cell>
        <BitmapMeter set={set} />
      </Cell>
      <Cell>
        <SetCopyProgress set={set} idle="idle" />
      </Cell>
      <Cell>
        <RelativeTime iso={pointInTimeIso(set.mtime)} fallback="unknown" />
      </Cell>
    </>
  );
}
