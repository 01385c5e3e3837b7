import { describe, expect, it } from "vitest";
import { ConfigError, parseConsoleConfig } from "@/server/config";

describe("parseConsoleConfig", () => {
  it("gives the defaults when nothing is set, and treats an empty variable as unset", () => {
    for (const env of [
      {},
      { DATABASE_URL: "", PITCREW_JOB_LEASE_SECONDS: "", PITCREW_TRUSTED_PROXIES: "", PITCREW_ADMIN_TOKEN: "" },
    ]) {
      const config = parseConsoleConfig(env);
      expect(config).toMatchObject({
        databaseUrl: "file:./data/pitcrew.db",
        jobLeaseMs: 60_000,
        adminPassword: null,
        adminToken: null,
      });
      expect(config.trustedProxies.entries).toEqual([]);
      expect(config.trustedProxies.has("127.0.0.1")).toBe(false);
    }
  });

  it("takes the values that are set", () => {
    const config = parseConsoleConfig({
      PITCREW_DATA_DIR: "/srv/pitcrew",
      PITCREW_JOB_LEASE_SECONDS: "7.5",
      PITCREW_TRUSTED_PROXIES: "127.0.0.2, 10.0.0.0/8",
      PITCREW_ADMIN_PASSWORD: "teal-harbor-quartz-41",
      PITCREW_ADMIN_TOKEN: "chosen-token-0123456789",
    });
    expect(config).toMatchObject({
      databaseUrl: "file:/srv/pitcrew/pitcrew.db",
      jobLeaseMs: 7500,
      adminPassword: "teal-harbor-quartz-41",
      adminToken: "chosen-token-0123456789",
    });
    expect(config.trustedProxies.has("10.1.2.3")).toBe(true);
    expect(parseConsoleConfig({ DATABASE_URL: "file:/tmp/x.db", PITCREW_DATA_DIR: "/srv" }).databaseUrl).toBe(
      "file:/tmp/x.db",
    );
  });

  it("throws on a bad value, naming the variable, the value and what it expects", () => {
    for (const bad of ["abc", "4", "-60", "Infinity"]) {
      expect(() => parseConsoleConfig({ PITCREW_JOB_LEASE_SECONDS: bad })).toThrow(
        new ConfigError(
          `PITCREW_JOB_LEASE_SECONDS="${bad}": expected a number of seconds, at least 5 (agents heartbeat every few seconds)`,
        ),
      );
    }
    expect(() => parseConsoleConfig({ PITCREW_TRUSTED_PROXIES: "127.0.0.1, proxy.lan" })).toThrow(
      /^PITCREW_TRUSTED_PROXIES="127.0.0.1, proxy.lan": "proxy.lan" is not an IP address or CIDR block/,
    );
  });

  it("reports every bad variable at once", () => {
    expect(() => parseConsoleConfig({ PITCREW_JOB_LEASE_SECONDS: "soon", PITCREW_TRUSTED_PROXIES: "x" })).toThrow(
      /^PITCREW_JOB_LEASE_SECONDS="soon": .*; PITCREW_TRUSTED_PROXIES="x": /,
    );
  });
});
