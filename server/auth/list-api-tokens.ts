import "server-only";
// A user's own API tokens, newest first, without their hashes.
import { type ApiTokenItem, apiTokenSelect, toApiTokenItem } from "@/server/auth/auth-select";
import { prisma } from "@/server/db";

export async function listApiTokens(userId: string): Promise<ApiTokenItem[]> {
  const tokens = await prisma.apiToken.findMany({
    where: { userId },
    select: apiTokenSelect,
    orderBy: { createdAt: "desc" },
  });
  return tokens.map(toApiTokenItem);
}
