import "@/test/support/test-database"; // first: this file gets its own database copy
import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "@/server/db";
import { resolveCaller } from "@/server/auth/resolve-caller";
import { createTestUser, resetAuthTables } from "@/test/support/test-users";
import { createCaller } from "@/server/trpc/root";
import { anonymousCaller, callerAs } from "@/test/support/test-callers";

function httpCaller() {
  const resHeaders = new Headers();
  return { resHeaders, caller: createCaller({ caller: null, fromAddress: "10.0.0.9", resHeaders, isHttps: false }) };
}

function sessionCookieOf(resHeaders: Headers): string {
  const value = /^pitcrew_session=([^;]*)/.exec(resHeaders.get("set-cookie") ?? "")?.[1];
  if (value === undefined) throw new Error(`no pitcrew_session cookie in ${resHeaders.get("set-cookie")}`);
  return value;
}

describe("auth router", () => {
  beforeEach(async () => {
    await resetAuthTables();
    await createTestUser("erin", "erin-password", "viewer");
  });

  it("signIn sets an httpOnly SameSite=Lax cookie; signOut revokes the session and clears it", async () => {
    const { caller, resHeaders } = httpCaller();
    expect(await caller.auth.signIn({ username: "erin", password: "erin-password" })).toMatchObject({
      username: "erin",
      role: "viewer",
    });
    const cookie = resHeaders.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^pitcrew_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    // The session's remaining 12 hours when the header is written: on a loaded machine a second
    // or two may pass between creating the session and writing the cookie.
    const maxAge = Number(/Max-Age=(\d+)$/.exec(cookie)![1]);
    expect(maxAge).toBeGreaterThanOrEqual(43_200 - 10);
    expect(maxAge).toBeLessThanOrEqual(43_200);

    const token = sessionCookieOf(resHeaders);
    const me = await resolveCaller(new Headers({ cookie: `pitcrew_session=${token}` }));
    const signedIn = createCaller({ caller: me, fromAddress: null, resHeaders: new Headers() });
    expect(await signedIn.auth.me()).toEqual({ userId: me?.userId, username: "erin", role: "viewer", via: "session" });

    const out = new Headers();
    await createCaller({ caller: me, fromAddress: null, resHeaders: out }).auth.signOut();
    expect(out.get("set-cookie")).toMatch(/^pitcrew_session=; .*Max-Age=0/);
    expect(await resolveCaller(new Headers({ cookie: `pitcrew_session=${token}` }))).toBeNull();
  });

  it("signIn refuses a wrong password with UNAUTHORIZED and sets no cookie", async () => {
    const { caller, resHeaders } = httpCaller();
    await expect(caller.auth.signIn({ username: "erin", password: "nope" })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
    expect(resHeaders.get("set-cookie")).toBeNull();
  });

  it("me is null for an anonymous caller", async () => {
    expect(await anonymousCaller().auth.me()).toBeNull();
  });

  it("a viewer manages their own API tokens", async () => {
    const erin = await prisma.user.findUniqueOrThrow({ where: { username: "erin" } });
    const caller = callerAs("viewer", erin.id);

    const created = await caller.auth.createApiToken({ name: "cli", expiresInDays: 30 });
    expect(created.token).toMatch(/^pct_/);
    expect(await caller.auth.listApiTokens()).toMatchObject([{ id: created.id, name: "cli", revokedAt: null }]);
    expect(await caller.auth.revokeApiToken({ tokenId: created.id })).toEqual({ revoked: true });
    expect((await caller.auth.listApiTokens())[0]?.revokedAt).toEqual(expect.any(String));
  });

  it("an admin lists, creates, re-roles and disables users", async () => {
    const admin = await createTestUser("root", "root-password", "admin");
    const caller = callerAs("admin", admin.id);

    const frank = await caller.auth.users.create({
      username: "frank",
      password: "lantern-velvet-orbit-7",
      role: "viewer",
    });
    expect((await caller.auth.users.setRole({ userId: frank.id, role: "operator" })).role).toBe("operator");
    expect((await caller.auth.users.disable({ userId: frank.id })).disabledAt).toEqual(expect.any(String));
    expect((await caller.auth.users.list()).map((u) => [u.username, u.role, u.disabledAt !== null])).toEqual([
      ["erin", "viewer", false],
      ["frank", "operator", true],
      ["root", "admin", false],
    ]);
    expect(
      await prisma.auditEntry.findMany({
        where: { actorId: admin.id },
        select: { action: true },
        orderBy: { at: "asc" },
      }),
    ).toEqual([{ action: "user.create" }, { action: "user.set-role" }, { action: "user.disable" }]);
  });

  it("refuses a duplicate username, a short password and removing the last admin, naming what is wrong", async () => {
    const admin = await createTestUser("root", "root-password", "admin");
    const caller = callerAs("admin", admin.id);

    await expect(
      caller.auth.users.create({ username: "erin", password: "kettle-orbit-saffron", role: "viewer" }),
    ).rejects.toMatchObject({ code: "CONFLICT", message: "username: user erin already exists" });
    await expect(
      caller.auth.users.create({ username: "gina", password: "short", role: "viewer" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: "password: must be at least 12 characters (user gina)" });
    await expect(
      caller.auth.users.create({ username: "gina", password: "password1234", role: "viewer" }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/^password: too easy to guess.*\(user gina\)$/),
    });
    await expect(
      caller.auth.users.create({ username: "gina", password: "gina-gina-gina-gina", role: "viewer" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/^password: too easy to guess/) });
    await expect(caller.auth.users.disable({ userId: admin.id })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(caller.auth.users.setRole({ userId: admin.id, role: "viewer" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "User root is the last enabled admin; cannot make them a viewer",
    });

    // Both last-admin refusals are in the audit log, and root is still an enabled admin.
    const refused = await prisma.auditEntry.findMany({ where: { result: "refused" }, orderBy: { at: "asc" } });
    expect(refused.map((e) => [e.actorId, e.action, e.object, JSON.parse(e.detailJson ?? "{}")])).toEqual([
      [admin.id, "user.disable", "user root", { reason: "User root is the last enabled admin; cannot disable them" }],
      [
        admin.id,
        "user.set-role",
        "user root",
        { from: "admin", to: "viewer", reason: "User root is the last enabled admin; cannot make them a viewer" },
      ],
    ]);
    expect(await prisma.user.findUniqueOrThrow({ where: { id: admin.id } })).toMatchObject({
      role: "admin",
      disabledAt: null,
    });
  });
});

describe("role checks", () => {
  it("anonymous callers get UNAUTHORIZED from viewer, operator and admin procedures", async () => {
    await expect(anonymousCaller().host.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(anonymousCaller().auth.listApiTokens()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(anonymousCaller().auth.users.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("viewers and operators get FORBIDDEN from admin procedures", async () => {
    await expect(callerAs("viewer").auth.users.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      callerAs("operator").auth.users.create({ username: "x", password: "kettle-orbit-saffron", role: "admin" }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "User test-operator is a operator; this needs the admin role",
    });
  });

  it("a viewer gets FORBIDDEN from an operator procedure", async () => {
    // job.cancel is an operatorProcedure (server/trpc/routers/job.ts); the role check runs before input lookup.
    await expect(callerAs("viewer").job.cancel({ id: "j1" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
