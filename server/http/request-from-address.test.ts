import { describe, expect, it } from "vitest";
import { PEER_HEADER } from "@/server/http/peer-address";
import { requestClient } from "@/server/http/request-from-address";
import { parseTrustedProxies } from "@/server/http/trusted-proxies";

const proxies = parseTrustedProxies("10.0.0.1, 10.0.0.2");
const headers = (h: Record<string, string>) => new Headers({ host: "console:3000", ...h });

describe("requestClient", () => {
  it("ignores forwarded headers from a peer that is not a trusted proxy", () => {
    const client = requestClient(
      headers({
        [PEER_HEADER]: "192.0.2.9",
        "x-forwarded-for": "203.0.113.5",
        "x-forwarded-proto": "https",
        "x-forwarded-host": "evil.example",
      }),
      proxies,
    );
    expect(client).toEqual({ address: "192.0.2.9", https: false, host: "console:3000" });
  });

  it("believes a trusted proxy: the rightmost address that is not one of ours, its scheme and host", () => {
    const client = requestClient(
      headers({
        [PEER_HEADER]: "::ffff:10.0.0.1",
        "x-forwarded-for": "1.2.3.4, 203.0.113.5, 10.0.0.2",
        "x-forwarded-proto": "https",
        "x-forwarded-host": "pitcrew.example",
      }),
      proxies,
    );
    expect(client).toEqual({ address: "203.0.113.5", https: true, host: "pitcrew.example" });
  });

  it("uses the proxy's own address when it forwards nothing", () => {
    expect(requestClient(headers({ [PEER_HEADER]: "10.0.0.1" }), proxies)).toEqual({
      address: "10.0.0.1",
      https: false,
      host: "console:3000",
    });
  });

  it("knows no address without the peer (a request that did not come through the server)", () => {
    expect(requestClient(headers({ "x-forwarded-for": "203.0.113.5" }), proxies).address).toBeNull();
  });
});
