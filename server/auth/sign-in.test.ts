import "@/test/support/test-database"; // first: this file gets its own database copy
import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "@/server/db";
import { resolveCaller } from "@/server/auth/resolve-caller";
import { SESSION_TTL_MS, SIGN_IN_REFUSED, signIn } from "@/server/auth/sign-in";
import { signOut } from "@/server/auth/sign-out";
import { createTestUser, resetAuthTables } from "@/test/support/test-users";
import { addressSignInThrottle, userSignInThrottle } from "@/lib/sign-in-throttle";

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
      username: "alice",
      role: "operator",
      via: "session",
      sessionId: session.id,
    });
    expect(await auditOf("auth.sign-in")).toMatchObject([
      { result: "ok", object: "user alice", fromAddress: "10.0.0.5" },
    ]);
  });

  it("refuses a wrong password and an unknown user with the same message, and audits both", async () => {
    await expect(signIn({ username: "alice", password: "wrong" })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: SIGN_IN_REFUSED,
    });
    await expect(signIn({ username: "mallory", password: "wrong" })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: SIGN_IN_REFUSED,
    });

    const entries = await auditOf("auth.sign-in");
    expect(entries.map((e) => [e.object, e.result, JSON.parse(e.detailJson ?? "{}").reason])).toEqual([
      ["user alice", "refused", "wrong password"],
      ["user mallory", "refused", "unknown user"],
    ]);
    expect(await prisma.session.count()).toBe(0);
  });

  it("refuses a disabled user even with the right password", async () => {
    await prisma.user.update({ where: { username: "alice" }, data: { disabledAt: new Date() } });

    await expect(signIn({ username: "alice", password: "alice-password" })).rejects.toMatchObject({
      message: SIGN_IN_REFUSED,
    });
    expect(await auditOf("auth.sign-in")).toMatchObject([
      { result: "refused", detailJson: JSON.stringify({ reason: "user disabled" }) },
    ]);
  });
});

describe("sign-in rate limiting", () => {
  const t0 = new Date("2026-11-25T10:00:00Z");
  const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
  // toMatchObject does not compare an Error's message, so the refusal is taken apart first.
  const refusal = (attempt: Promise<unknown>) =>
    attempt.then(
      () => null,
      (err: { code?: string; message: string }) => ({ code: err.code, message: err.message }),
    );
  const fail = async (username: string, now: Date, fromAddress: string | null = null) =>
    expect(await refusal(signIn({ username, password: "wrong", fromAddress, now }))).toMatchObject({
      code: "UNAUTHORIZED",
    });

  beforeEach(async () => {
    await resetAuthTables();
    await createTestUser("alice", "alice-password", "operator");
    await createTestUser("bob", "bob-password", "viewer");
  });

  it("refuses a user name after too many failures, even with the right password, says for how long, and audits it", async () => {
    for (let i = 0; i < userSignInThrottle.maxFailures; i++) await fail("alice", at(i));

    expect(
      await refusal(signIn({ username: "alice", password: "alice-password", fromAddress: "10.0.0.9", now: at(5) })),
    ).toEqual({
      code: "TOO_MANY_REQUESTS",
      message: "Too many failed sign-ins for user alice: try again in 10 minutes.",
    });
    expect(await prisma.session.count()).toBe(0);
    const last = (await auditOf("auth.sign-in")).at(-1)!;
    expect([last.object, last.result, last.fromAddress, JSON.parse(last.detailJson ?? "{}")]).toEqual([
      "user alice",
      "refused",
      "10.0.0.9",
      { reason: "too many failed sign-ins", lockedOut: "user alice", retryAfterSeconds: 600 },
    ]);
    // Another user is not affected.
    await expect(signIn({ username: "bob", password: "bob-password", now: at(5) })).resolves.toMatchObject({
      user: { username: "bob" },
    });
  });

  it("lets the user in again once the oldest counted failure leaves the window, however often the locked attempts repeat", async () => {
    for (let i = 0; i < userSignInThrottle.maxFailures; i++) await fail("alice", at(i));
    for (const minute of [6, 8, 14]) {
      expect(await refusal(signIn({ username: "alice", password: "alice-password", now: at(minute) }))).toMatchObject({
        code: "TOO_MANY_REQUESTS",
      });
    }

    await expect(signIn({ username: "alice", password: "alice-password", now: at(15) })).resolves.toMatchObject({
      user: { username: "alice" },
    });
  });

  it("counts unknown user names like real ones, so the lock does not reveal which exist", async () => {
    for (let i = 0; i < userSignInThrottle.maxFailures; i++) await fail("mallory", at(i));

    expect(await refusal(signIn({ username: "mallory", password: "wrong", now: at(5) }))).toEqual({
      code: "TOO_MANY_REQUESTS",
      message: "Too many failed sign-ins for user mallory: try again in 10 minutes.",
    });
  });

  it("forgets the failures before a successful sign-in", async () => {
    for (let i = 0; i < userSignInThrottle.maxFailures - 1; i++) await fail("alice", at(i));
    await signIn({ username: "alice", password: "alice-password", now: at(5) });
    await fail("alice", at(6));

    await expect(signIn({ username: "alice", password: "alice-password", now: at(7) })).resolves.toMatchObject({
      user: { username: "alice" },
    });
  });

  it("checks at most the limit's passwords for parallel wrong guesses at one user name", async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () => refusal(signIn({ username: "alice", password: "wrong", now: at(1) }))),
    );

    expect(results.filter((r) => r?.code === "UNAUTHORIZED")).toHaveLength(userSignInThrottle.maxFailures);
    expect(results.filter((r) => r?.code === "TOO_MANY_REQUESTS")).toHaveLength(20 - userSignInThrottle.maxFailures);
    const checked = (await auditOf("auth.sign-in")).filter(
      (e) => JSON.parse(e.detailJson ?? "{}").reason === "wrong password",
    );
    expect(checked).toHaveLength(userSignInThrottle.maxFailures);
  });

  it("refuses an address after too many failures, but only for user names with failures of their own", async () => {
    for (let i = 0; i < addressSignInThrottle.maxFailures; i++)
      await fail(`guess${i}`, new Date(t0.getTime() + i * 1000), "10.0.0.66");

    // A name that already failed is locked at this address, and another address is not affected.
    expect(
      await refusal(signIn({ username: "guess0", password: "wrong", fromAddress: "10.0.0.66", now: at(1) })),
    ).toEqual({
      code: "TOO_MANY_REQUESTS",
      message: "Too many failed sign-ins for address 10.0.0.66: try again in 14 minutes.",
    });
    await fail("guess0", at(1), "10.0.0.67");
    // A user without failures of their own signs in from the busy address.
    await expect(
      signIn({ username: "bob", password: "bob-password", fromAddress: "10.0.0.66", now: at(1) }),
    ).resolves.toBeDefined();
    // A guesser gets one try at a new name; after that the name has a failure and the address limit holds.
    await fail("guess99", at(2), "10.0.0.66");
    expect(
      await refusal(signIn({ username: "guess99", password: "wrong", fromAddress: "10.0.0.66", now: at(2) })),
    ).toMatchObject({ code: "TOO_MANY_REQUESTS" });
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
    expect(await auditOf("auth.sign-out")).toMatchObject([
      { result: "ok", object: "user bob", fromAddress: "10.0.0.6" },
    ]);
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
