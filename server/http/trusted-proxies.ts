import "server-only";
// PITCREW_TRUSTED_PROXIES: the reverse proxies whose X-Forwarded-For / -Proto / -Host the console
// believes (docs/security.md). A comma- or space-separated list of addresses and CIDR blocks, IPv4
// or IPv6, e.g. "127.0.0.1, 10.1.0.0/16, ::1". Unset or empty: no proxy is trusted, and the
// caller's address is the TCP peer's, whatever headers it sends. Anyone can write those headers;
// only a proxy we put in front of the console writes them truthfully. server/config.ts parses the
// variable once, at start.
import { BlockList, isIP } from "node:net";

export interface TrustedProxies {
  has(address: string): boolean;
  /** The list as given, for messages. */
  readonly entries: readonly string[];
}

/** Parses the variable's value; throws naming the variable and the bad entry. */
export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const entries = (value ?? "").split(/[\s,]+/).filter((e) => e !== "");
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", prefix, extra] = entry.split("/");
    const family = isIP(address);
    const bits = family === 4 ? 32 : 128;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits);
    if (family === 0 || !prefixOk || extra !== undefined) {
      throw new Error(
        `PITCREW_TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR block (e.g. 10.0.0.1, 10.0.0.0/8, ::1, fd00::/8)`,
      );
    }
    const type = family === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return {
    entries,
    has(address) {
      const plain = unmapIPv4(address);
      const family = isIP(plain);
      return family !== 0 && list.check(plain, family === 4 ? "ipv4" : "ipv6");
    },
  };
}

/** "::ffff:10.0.0.1" (an IPv4 peer on a dual-stack socket) → "10.0.0.1". */
export function unmapIPv4(address: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m ? m[1]! : address;
}
