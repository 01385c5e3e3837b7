import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "@/server/auth/password-hash";

describe("password hashing", () => {
  it("stores an argon2id PHC string, salted, that verifies only the right password", async () => {
    const first = await hashPassword("correct horse");
    const second = await hashPassword("correct horse");

    expect(first).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword(first, "correct horse")).toBe(true);
    expect(await verifyPassword(first, "correct horse ")).toBe(false);
  });

  it("never matches for an unknown user or a malformed stored hash", async () => {
    expect(await verifyPassword(null, "anything")).toBe(false);
    expect(await verifyPassword("x", "x")).toBe(false);
  });
});
