import "server-only";
// Who sent a request, for the audit log, the sign-in throttle, the session cookie's Secure flag and
// the origin check. Forwarded headers are believed only when the TCP peer is a trusted proxy
// (server/http/trusted-proxies.ts); otherwise any client could choose its own address, dodge the
// per-address sign-in limit by rotating X-Forwarded-For, or have it blamed on someone else.
import { consoleConfig } from "@/server/config";
import { PEER_HEADER } from "@/server/http/peer-address";
import { type TrustedProxies, unmapIPv4 } from "@/server/http/trusted-proxies";

export interface RequestClient {
  /** The client's address, or null when the console cannot know it (no peer address). */
  address: string | null;
  /** Whether the browser reached the console over HTTPS (only a trusted proxy can say so). */
  https: boolean;
  /** The host[:port] the browser used: Host, or X-Forwarded-Host from a trusted proxy. */
  host: string | null;
}

export function requestClient(headers: Headers, proxies: TrustedProxies = consoleConfig.trustedProxies): RequestClient {
  const peerHeader = headers.get(PEER_HEADER);
  const peer = peerHeader ? unmapIPv4(peerHeader) : null;
  const host = headers.get("host");
  if (peer === null || !proxies.has(peer)) return { address: peer, https: false, host };

  // Walk X-Forwarded-For from the right (the hop nearest to us) past our own proxies: the first
  // address that is not one of them is the client. Entries left of it were written by the client
  // or by proxies we do not know, so they are not believed.
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((h) => unmapIPv4(h.trim()))
    .filter((h) => h !== "");
  let address = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    address = hops[i]!;
    if (!proxies.has(address)) break;
  }
  return {
    address,
    https: firstValue(headers.get("x-forwarded-proto")) === "https",
    host: firstValue(headers.get("x-forwarded-host")) ?? host,
  };
}

/** The caller's address for the audit log and the sign-in throttle, or null. */
export function requestFromAddress(headers: Headers): string | null {
  return requestClient(headers).address;
}

function firstValue(header: string | null): string | null {
  return header?.split(",")[0]?.trim() || null;
}
