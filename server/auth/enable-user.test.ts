import "@/test/support/test-database"; // first: this file gets its own database copy
import { beforeEach, describe, expect, it } from "vitest";
import { disableUser } from "@/server/auth/disable-user";
import { enableUser } from "@/server/auth/enable-user";
import { SIGN_IN_REFUSED, signIn } from "@/server/auth/sign-in";
import { createTestUser, resetAuthTables } from "@/test/support/test-users";
import { prisma } from "@/server/db";

describe("enableUser", () => {
  let admin: { id: string };
  let bob: { id: string };

  beforeEach(async () => {
    await resetAuthTables();
    admin = await createTestUser("root", "root-password", "admin");
    bob = await createTestUser("bob", "bob-password", "operator");
  });

  it("lets a disabled user sign in again, audited, and is a no-op for an enabled one", async () => {
    await disableUser({ userId: bob.id, actorId: admin.id });
    await expect(signIn({ username: "bob", password: "bob-password" })).rejects.toThrow(SIGN_IN_REFUSED);

    expect(await enableUser({ userId: bob.id, actorId: admin.id, fromAddress: "10.0.0.9" })).toMatchObject({
      username: "bob",
      disabledAt: null,
    });
    await expect(signIn({ username: "bob", password: "bob-password" })).resolves.toMatchObject({
      user: { username: "bob" },
    });
    await enableUser({ userId: bob.id, actorId: admin.id });
    const audit = await prisma.auditEntry.findMany({ where: { action: "user.enable" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ object: "user bob", actorId: admin.id, fromAddress: "10.0.0.9", result: "ok" });
  });

  it("names an unknown user", async () => {
    await expect(enableUser({ userId: "nope", actorId: admin.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "User nope not found",
    });
  });
});
