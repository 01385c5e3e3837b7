import "@/server/jobs/test-database"; // first: this file gets its own database copy
import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "@/server/db";
import { resolveCaller } from "@/server/auth/resolve-caller";
import { SESSION_TTL_MS, SIGN_IN_REFUSED, signIn } from "@/server/auth/sign-in";
import { signOut } from "@/server/auth/sign-out";
import { createTestUser, resetAuthTables } from "@/server/auth/test-users";

const cookie = (token: string) => new Headers({ cookie: `theme=dark; pitcrew_session=${token}` });

async function auditOf(action: string) {
  return prisma.auditEntry.findMany({ where: { action }, orderBy: { at: "asc" } });
}

describe("signIn", () => {
  beforeEach(async () => {
    await resetAuthTables();
    await createTestUser("alice", "alice-password", "operator");
  });

  it("creates a database session whose cookie resolves to the user, and audits it", async () => {
    const now = new Date("2026-11-25T10:00:00Z");
    const signedIn = await signIn({ username: "alice", password: "alice-password", fromAddress: "10.0.0.5", now });

    expect(signedIn.user).toMatchObject({ username: "alice", role: "operator" });
    expect(signedIn.expiresAt.getTime() - now.getTime()).toBe(SESSION_TTL_MS);
    const session = await prisma.session.findFirstOrThrow();
    expect(session.tokenHash).not.toContain(signedIn.token); // only the hash is stored
    expect(session.fromAddress).toBe("10.0.0.5");
    expect(await resolveCaller(cookie(signedIn.token), new Date("2026-11-25T11:00:00Z"))).toMatchObject({
      username: "alice", role: "operator", via: "session", sessionId: session.id,
    });
    expect(await auditOf("auth.sign-in")).toMatchObject([{ result: "ok", object: "user alice", fromAddress: "10.0.0.5" }]);
  });

  it("refuses a wrong password and an unknown user with the same message, and audits both", async () => {
    await expect(signIn({ username: "alice", password: "wrong" })).rejects.toMatchObject({ code: "UNAUTHORIZED", message: SIGN_IN_REFUSED });
    await expect(signIn({ username: "mallory", password: "wrong" })).rejects.toMatchObject({ code: "UNAUTHORIZED", message: SIGN_IN_REFUSED });

    const entries = await auditOf("auth.sign-in");
    expect(entries.map((e) => [e.object, e.result, JSON.parse(e.detailJson ?? "{}").reason])).toEqual([
      ["user alice", "refused", "wrong password"],
      ["user mallory", "refused", "unknown user"],
    ]);
    expect(await prisma.session.count()).toBe(0);
  });

  it("refuses a disabled user even with the right password", async () => {
    await prisma.user.update({ where: { username: "alice" }, data: { disabledAt: new Date() } });

    await expect(signIn({ username: "alice", password: "alice-password" })).rejects.toMatchObject({ message: SIGN_IN_REFUSED });
    expect(await auditOf("auth.sign-in")).toMatchObject([{ result: "refused", detailJson: JSON.stringify({ reason: "user disabled" }) }]);
  });
});

describe("sessions", () => {
  beforeEach(async () => {
    await resetAuthTables();
    await createTestUser("bob", "bob-password", "viewer");
  });

  it("stop working when they expire", async () => {
    const now = new Date("2026-11-25T10:00:00Z");
    const { token, expiresAt } = await signIn({ username: "bob", password: "bob-password", now });

    expect(await resolveCaller(cookie(token), new Date(expiresAt.getTime() - 1))).not.toBeNull();
    expect(await resolveCaller(cookie(token), expiresAt)).toBeNull();
  });

  it("stop working after sign-out, which is audited once", async () => {
    const { token } = await signIn({ username: "bob", password: "bob-password" });
    const caller = await resolveCaller(cookie(token));

    await signOut({ sessionId: caller?.sessionId ?? "", fromAddress: "10.0.0.6" });
    await signOut({ sessionId: caller?.sessionId ?? "" });

    expect(await resolveCaller(cookie(token))).toBeNull();
    expect(await auditOf("auth.sign-out")).toMatchObject([{ result: "ok", object: "user bob", fromAddress: "10.0.0.6" }]);
  });

  it("stop working when the user is disabled", async () => {
    const { token } = await signIn({ username: "bob", password: "bob-password" });
    await prisma.user.update({ where: { username: "bob" }, data: { disabledAt: new Date() } });

    expect(await resolveCaller(cookie(token))).toBeNull();
  });

  it("record lastUsedAt at most once a minute", async () => {
    const t0 = new Date("2026-11-25T10:00:00Z");
    const { token } = await signIn({ username: "bob", password: "bob-password", now: t0 });
    const lastUsed = async () => (await prisma.session.findFirstOrThrow()).lastUsedAt?.toISOString();

    await resolveCaller(cookie(token), new Date("2026-11-25T10:00:10Z"));
    expect(await lastUsed()).toBe("2026-11-25T10:00:10.000Z");
    await resolveCaller(cookie(token), new Date("2026-11-25T10:00:50Z"));
    expect(await lastUsed()).toBe("2026-11-25T10:00:10.000Z");
    await resolveCaller(cookie(token), new Date("2026-11-25T10:01:20Z"));
    expect(await lastUsed()).toBe("2026-11-25T10:01:20.000Z");
  });

  it("ignore an unknown cookie and requests without one", async () => {
    expect(await resolveCaller(cookie("made-up"))).toBeNull();
    expect(await resolveCaller(new Headers())).toBeNull();
  });
});
