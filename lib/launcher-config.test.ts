import { describe, expect, it } from "vitest";
import { LauncherConfigError, parseLauncherConfig } from "@/lib/launcher-config";

describe("the launcher's configuration", () => {
  it("takes the defaults when the variables are unset or empty", () => {
    const defaults = { port: 3000, host: "127.0.0.1", demo: true, nextDistDir: ".next" };
    expect(parseLauncherConfig({})).toEqual(defaults);
    expect(
      parseLauncherConfig({ PITCREW_PORT: "", PITCREW_HOST: "", PITCREW_DEMO: "", PITCREW_NEXT_DIST_DIR: "" }),
    ).toEqual(defaults);
  });

  it("reads the values an operator sets", () => {
    expect(
      parseLauncherConfig({
        PITCREW_PORT: "8443",
        PITCREW_HOST: "::",
        PITCREW_DEMO: "0",
        PITCREW_NEXT_DIST_DIR: ".next-ci",
      }),
    ).toEqual({ port: 8443, host: "::", demo: false, nextDistDir: ".next-ci" });
    expect(parseLauncherConfig({ PITCREW_DEMO: "false" }).demo).toBe(false);
    expect(parseLauncherConfig({ PITCREW_DEMO: "true" }).demo).toBe(true);
  });

  it.each([
    ["PITCREW_PORT", "80a", /^PITCREW_PORT="80a": expected a TCP port number/],
    ["PITCREW_PORT", "70000", /^PITCREW_PORT="70000": expected a TCP port number, 1 to 65535/],
    ["PITCREW_HOST", "http://0.0.0.0", /^PITCREW_HOST="http:\/\/0.0.0.0": expected an address or host name/],
    // Before, any value but "0" meant "demo on": "no" or "off" silently started the demo SAN.
    ["PITCREW_DEMO", "off", /^PITCREW_DEMO="off": expected 1 .* or 0/],
    ["PITCREW_NEXT_DIST_DIR", "/tmp/build", /^PITCREW_NEXT_DIST_DIR="\/tmp\/build": expected a directory inside/],
    ["PITCREW_NEXT_DIST_DIR", "../build", /expected a directory inside the project/],
  ])("refuses %s=%s, naming the variable and what it expects", (name, value, message) => {
    expect(() => parseLauncherConfig({ [name]: value })).toThrow(LauncherConfigError);
    expect(() => parseLauncherConfig({ [name]: value })).toThrow(message);
  });

  it("names every bad variable at once", () => {
    expect(() => parseLauncherConfig({ PITCREW_PORT: "0", PITCREW_DEMO: "maybe" })).toThrow(
      /PITCREW_PORT="0": .*; PITCREW_DEMO="maybe": /,
    );
  });
});
