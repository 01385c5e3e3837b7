import "server-only";
// Hosts: the list, one host with its inventory, and (admin) agent enrolment and revocation.
import { z } from "zod";
import { hostNameSchema } from "@/lib/agent-protocol";
import { createEnrolmentToken } from "@/server/agents/create-enrolment-token";
import { revokeAgentCredential } from "@/server/agents/revoke-agent-credential";
import { getHost } from "@/server/hosts/get-host";
import { listHosts } from "@/server/hosts/list-hosts";
import { loadHost } from "@/server/storage/load-host";
import { adminProcedure, createTRPCRouter, viewerProcedure } from "@/server/trpc/init";

export const hostRouter = createTRPCRouter({
  list: viewerProcedure.query(() => listHosts()),
  get: viewerProcedure.input(z.object({ name: hostNameSchema })).query(({ input }) => getHost(input.name)),
  /** A one-time token for `pitcrew agent` on a new host; shown once. */
  createEnrolmentToken: adminProcedure
    .input(
      z.object({
        hostName: hostNameSchema.nullable().default(null),
        ttlMinutes: z
          .number()
          .int()
          .min(1)
          .max(7 * 24 * 60)
          .default(60),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const created = await createEnrolmentToken({
        hostName: input.hostName,
        ttlSeconds: input.ttlMinutes * 60,
        createdById: ctx.caller.userId,
        fromAddress: ctx.fromAddress,
      });
      return { token: created.token, hostName: created.hostName, expiresAt: created.expiresAt.toISOString() };
    }),
  /** Every credential of the host's agent stops working at once; it may enrol again with a new token. */
  revokeCredentials: adminProcedure.input(z.object({ name: hostNameSchema })).mutation(async ({ ctx, input }) =>
    revokeAgentCredential({
      hostId: (await loadHost(input.name)).id,
      revokedById: ctx.caller.userId,
      fromAddress: ctx.fromAddress,
    }),
  ),
});
