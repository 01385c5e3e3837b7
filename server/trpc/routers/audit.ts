import "server-only";
// The audit log (design.md §6), for admins.
import { z } from "zod";
import { listAuditEntries } from "@/server/audit/list-audit-entries";
import { adminProcedure, createTRPCRouter } from "@/server/trpc/init";

export const auditRouter = createTRPCRouter({
  list: adminProcedure
    .input(z.object({ action: z.string().max(100).optional(), object: z.string().max(1024).optional(), limit: z.number().int().min(1).max(1000).optional() }).default({}))
    .query(({ input }) => listAuditEntries(input)),
});
