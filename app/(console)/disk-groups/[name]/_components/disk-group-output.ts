// The disk-group page's data as the API returns it (diskGroup.get).
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";

export type DiskGroupData = inferRouterOutputs<AppRouter>["diskGroup"]["get"];
