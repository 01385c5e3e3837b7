import { describe, expect, it } from "vitest";
import { parseTrustedProxies } from "@/server/http/trusted-proxies";

describe("parseTrustedProxies", () => {
  it("trusts nothing when unset or empty", () => {
    expect(parseTrustedProxies(undefined).has("127.0.0.1")).toBe(false);
    expect(parseTrustedProxies("  ").entries).toEqual([]);
  });

  it("matches addresses and CIDR blocks of both families, IPv4-mapped peers included", () => {
    const proxies = parseTrustedProxies("127.0.0.1, 10.1.0.0/16 fd00::/8,::1");
    for (const ok of ["127.0.0.1", "::ffff:127.0.0.1", "10.1.255.3", "fd00::5", "::1"])
      expect(proxies.has(ok)).toBe(true);
    for (const no of ["127.0.0.2", "10.2.0.1", "fe80::1", "not-an-address", ""]) expect(proxies.has(no)).toBe(false);
  });

  it("refuses a bad entry naming the variable and the entry", () => {
    for (const bad of ["10.0.0.0/33", "proxy.local", "10.0.0.1/8/1", "::1/129", "10.0.0.0/x"]) {
      expect(() => parseTrustedProxies(`127.0.0.1, ${bad}`)).toThrow(
        `PITCREW_TRUSTED_PROXIES: "${bad}" is not an IP address or CIDR block`,
      );
    }
  });
});
