// Job kind → executor (a lookup table, not a re-export barrel). `satisfies` makes a kind added
// to lib/job-types.ts without an executor, or an executor returning another kind's result
// (lib/job-results.ts), a type error.
import type { JobKind } from "@/lib/job-types";
import type { Executor } from "./executors/executor-kit";
import { archiveCreate } from "./executors/archive-create";
import { archiveDelete } from "./executors/archive-delete";
import { archiveTape } from "./executors/archive-tape";
import { dgCreate } from "./executors/dg-create";
import { dgDeport } from "./executors/dg-deport";
import { dgImport } from "./executors/dg-import";
import { dgStartall } from "./executors/dg-startall";
import { dgStopall } from "./executors/dg-stopall";
import { hookRun } from "./executors/hook-run";
import { setAbort } from "./executors/set-abort";
import { setCopy } from "./executors/set-copy";
import { setDisable } from "./executors/set-disable";
import { setEnable } from "./executors/set-enable";
import { setExport } from "./executors/set-export";
import { setImport } from "./executors/set-import";
import { setJoin } from "./executors/set-join";
import { setMove } from "./executors/set-move";
import { setParams } from "./executors/set-params";
import { setReset } from "./executors/set-reset";
import { svDisableExecutor } from "./executors/sv-disable";
import { svEnableExecutor } from "./executors/sv-enable";
import { volumeCreate } from "./executors/volume-create";

const executors = {
  "set.enable": setEnable,
  "set.disable": setDisable,
  "set.copy": setCopy,
  "set.abort": setAbort,
  "set.reset": setReset,
  "set.params": setParams,
  "set.export": setExport,
  "set.import": setImport,
  "set.join": setJoin,
  "set.move": setMove,
  "sv.enable": svEnableExecutor,
  "sv.disable": svDisableExecutor,
  "dg.create": dgCreate,
  "dg.deport": dgDeport,
  "dg.import": dgImport,
  "dg.startall": dgStartall,
  "dg.stopall": dgStopall,
  "volume.create": volumeCreate,
  "archive.create": archiveCreate,
  "archive.tape": archiveTape,
  "archive.delete": archiveDelete,
  "hook.run": hookRun,
} satisfies { [K in JobKind]: Executor<K> };

export function executorFor(kind: string): Executor | null {
  return Object.hasOwn(executors, kind) ? executors[kind as JobKind] : null;
}
