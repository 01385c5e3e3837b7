import "@/test/support/test-database"; // first: this file gets its own database copy
import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "@/server/db";
import { describeAdminBootstrap, ensureAdminUser } from "@/server/auth/ensure-admin-user";
import { resolveCaller } from "@/server/auth/resolve-caller";
import { signIn } from "@/server/auth/sign-in";
import { resetAuthTables } from "@/test/support/test-users";

const bearer = (token: string) => new Headers({ authorization: `Bearer ${token}` });

describe("ensureAdminUser", () => {
  beforeEach(resetAuthTables);

  it("generates a password and an API token at first start, and returns them once", async () => {
    const result = await ensureAdminUser({ env: {} });

    expect(result).toMatchObject({ created: true, username: "admin" });
    expect(result.password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(result.token).toMatch(/^pct_/);
    expect((await signIn({ username: "admin", password: result.password ?? "" })).user.role).toBe("admin");
    expect(await resolveCaller(bearer(result.token ?? ""))).toMatchObject({ username: "admin", role: "admin" });
    expect(await prisma.apiToken.findFirstOrThrow()).toMatchObject({ name: "admin-bootstrap" });
    expect(await prisma.auditEntry.findMany({ where: { action: "user.bootstrap-admin" } })).toMatchObject([
      { actorType: "system", result: "ok" },
    ]);
    expect(describeAdminBootstrap(result)).toBe(
      `pitcrew: created user admin; password: ${result.password} ; API token: ${result.token} (shown once)`,
    );
  });

  it("uses PITCREW_ADMIN_PASSWORD and PITCREW_ADMIN_TOKEN, storing the token only as a hash", async () => {
    const env = { PITCREW_ADMIN_PASSWORD: "teal-harbor-quartz-41", PITCREW_ADMIN_TOKEN: "chosen-token-0123456789" };
    const result = await ensureAdminUser({ env });

    expect(result).toEqual({ created: true, username: "admin", password: null, token: null });
    await expect(signIn({ username: "admin", password: "teal-harbor-quartz-41" })).resolves.toBeTruthy();
    expect(await resolveCaller(bearer("chosen-token-0123456789"))).toMatchObject({
      username: "admin",
      via: "api-token",
    });
    expect((await prisma.apiToken.findFirstOrThrow()).tokenHash).not.toContain("chosen-token");
  });

  it("is idempotent and never overwrites an existing admin, even when the variables change", async () => {
    const first = await ensureAdminUser({ env: {} });
    const again = await ensureAdminUser({
      env: { PITCREW_ADMIN_PASSWORD: "new-password-123", PITCREW_ADMIN_TOKEN: "new-token-0123456789" },
    });

    expect(again).toEqual({ created: false, username: "admin", password: null, token: null });
    expect(describeAdminBootstrap(again)).toBeNull();
    expect(await prisma.user.count()).toBe(1);
    expect(await prisma.apiToken.count()).toBe(1);
    await expect(signIn({ username: "admin", password: first.password ?? "" })).resolves.toBeTruthy();
    expect(await resolveCaller(bearer("new-token-0123456789"))).toBeNull();
  });

  it("refuses a short or common PITCREW_ADMIN_PASSWORD at first start, naming the variable", async () => {
    for (const [password, why] of [
      ["admin-pw", "must be at least 12 characters"],
      ["password1234", "too easy to guess"],
    ]) {
      await expect(ensureAdminUser({ env: { PITCREW_ADMIN_PASSWORD: password } })).rejects.toMatchObject({
        code: "INVALID_INPUT",
        message: expect.stringContaining(`PITCREW_ADMIN_PASSWORD: ${why}`),
      });
    }
    expect(await prisma.user.count()).toBe(0);
  });

  it("refuses a PITCREW_ADMIN_TOKEN shorter than 16 characters, naming the variable", async () => {
    await expect(ensureAdminUser({ env: { PITCREW_ADMIN_TOKEN: "short" } })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      message: expect.stringMatching(/^PITCREW_ADMIN_TOKEN: must be at least 16 characters/),
    });
    expect(await prisma.user.count()).toBe(0);
  });
});
