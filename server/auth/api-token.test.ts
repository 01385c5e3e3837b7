import "@/test/support/test-database"; // first: this file gets its own database copy
import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "@/server/db";
import { createApiToken } from "@/server/auth/create-api-token";
import { listApiTokens } from "@/server/auth/list-api-tokens";
import { resolveCaller } from "@/server/auth/resolve-caller";
import { revokeApiToken } from "@/server/auth/revoke-api-token";
import { signIn } from "@/server/auth/sign-in";
import { createTestUser, resetAuthTables } from "@/test/support/test-users";

const bearer = (token: string) => new Headers({ authorization: `Bearer ${token}` });

describe("personal API tokens", () => {
  let carol: { id: string };

  beforeEach(async () => {
    await resetAuthTables();
    carol = await createTestUser("carol", "carol-password", "operator");
  });

  it("are shown once with the pct_ prefix, stored as a hash, and resolve to their owner", async () => {
    const created = await createApiToken({ userId: carol.id, name: "laptop", fromAddress: "10.0.0.7" });

    expect(created.token).toMatch(/^pct_[A-Za-z0-9_-]{43}$/);
    const row = await prisma.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await resolveCaller(bearer(created.token))).toEqual({
      userId: carol.id,
      username: "carol",
      role: "operator",
      via: "api-token",
    });
    expect(await listApiTokens(carol.id)).toMatchObject([{ id: created.id, name: "laptop", revokedAt: null }]);
    expect(Object.keys((await listApiTokens(carol.id))[0] ?? {})).not.toContain("tokenHash");
    expect(await prisma.auditEntry.findMany({ where: { action: "auth.api-token.create" } })).toMatchObject([
      { result: "ok", actorId: carol.id },
    ]);
  });

  it("stop working once revoked; only the owner can revoke", async () => {
    const dave = await createTestUser("dave", "dave-password", "admin");
    const created = await createApiToken({ userId: carol.id, name: "ci" });

    await expect(revokeApiToken({ userId: dave.id, tokenId: created.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await resolveCaller(bearer(created.token))).not.toBeNull();

    await revokeApiToken({ userId: carol.id, tokenId: created.id });
    expect(await resolveCaller(bearer(created.token))).toBeNull();
    expect((await listApiTokens(carol.id))[0]?.revokedAt).not.toBeNull();
    expect(await prisma.auditEntry.count({ where: { action: "auth.api-token.revoke" } })).toBe(1);
  });

  it("stop working when expired or when the user is disabled", async () => {
    const now = new Date("2026-11-25T10:00:00Z");
    const expiring = await createApiToken({
      userId: carol.id,
      name: "short",
      expiresAt: new Date("2026-11-26T10:00:00Z"),
      now,
    });

    expect(await resolveCaller(bearer(expiring.token), new Date("2026-11-26T09:59:59Z"))).not.toBeNull();
    expect(await resolveCaller(bearer(expiring.token), new Date("2026-11-26T10:00:00Z"))).toBeNull();

    const lasting = await createApiToken({ userId: carol.id, name: "long" });
    await prisma.user.update({ where: { id: carol.id }, data: { disabledAt: new Date() } });
    expect(await resolveCaller(bearer(lasting.token))).toBeNull();
  });

  it("refuse an expiry in the past, naming the field and the token", async () => {
    await expect(
      createApiToken({ userId: carol.id, name: "old", expiresAt: new Date("2000-01-01T00:00:00Z") }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/^expiresAt: .*API token "old"/) });
  });

  it("win over a session cookie, and a bad one does not fall back to the cookie", async () => {
    const { token: session } = await signIn({ username: "carol", password: "carol-password" });
    const headers = new Headers({ authorization: "Bearer pct_unknown", cookie: `pitcrew_session=${session}` });

    expect(await resolveCaller(headers)).toBeNull();
  });
});
