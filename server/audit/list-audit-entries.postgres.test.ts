import { postgresMissing } from "@/test/support/postgres-test-database"; // first: points server/db at PostgreSQL
import { describe, expect, it } from "vitest";
import { listAuditEntries } from "@/server/audit/list-audit-entries";
import { writeAuditEntry } from "@/server/audit/write-audit-entry";

describe.skipIf(postgresMissing !== null)(
  `the audit log's object filter on PostgreSQL${postgresMissing ? ` (skipped: ${postgresMissing})` : ""}`,
  () => {
    it("ignores case, as it does on SQLite: vol01 finds the set named VOL01", async () => {
      const base = { actorType: "system", actorId: null, action: "job.create", result: "ok" } as const;
      await writeAuditEntry({ ...base, object: "set /san/production/VOL01" });
      await writeAuditEntry({ ...base, object: "set /san/production/vol02" });
      const found = await listAuditEntries({ object: "vol01" });
      expect(found.map((e) => e.object)).toEqual(["set /san/production/VOL01"]);
    });
  },
);
