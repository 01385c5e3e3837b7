import { describe, expect, it } from "vitest";
import { MIN_PASSWORD_LENGTH, passwordProblem } from "@/server/auth/password-policy";

describe("passwordProblem", () => {
  it("takes a long passphrase and a long random password", () => {
    expect(passwordProblem("kettle-orbit-saffron")).toBeNull();
    expect(passwordProblem("pw-AbCdEfGhIjKlMnOp")).toBeNull();
  });

  it("refuses anything shorter than 12 characters, however random", () => {
    expect(MIN_PASSWORD_LENGTH).toBe(12);
    expect(passwordProblem("x7#Qp!9zL2m")).toBe("must be at least 12 characters");
  });

  it("refuses common passwords, keyboard walks and repeats of the user's own name, saying why", () => {
    expect(passwordProblem("password1234")).toMatch(
      /^too easy to guess \(this is similar to a commonly used password\): use a longer passphrase/,
    );
    expect(passwordProblem("qwertyuiop123")).toMatch(/^too easy to guess/);
    expect(passwordProblem("admin-admin-admin", ["admin"])).toMatch(/^too easy to guess/);
  });
});
