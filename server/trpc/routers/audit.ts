import "server-only";
// The audit log (docs/architecture.md §6), for admins. `cursor` pages towards older entries (useInfiniteQuery).
import { z } from "zod";
import { auditFiltersSchema } from "@/lib/audit-filters";
import { listAuditEntries } from "@/server/audit/list-audit-entries";
import { adminProcedure, createTRPCRouter } from "@/server/trpc/init";

export const auditRouter = createTRPCRouter({
  list: adminProcedure
    .input(
      auditFiltersSchema
        .extend({
          limit: z.number().int().min(1).max(1000).optional(),
          cursor: z.string().min(1).max(100).nullish(),
        })
        .default({}),
    )
    .query(({ input }) => listAuditEntries(input)),
});
