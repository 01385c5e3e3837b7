import { describe, expect, it } from "vitest";
import { browserOriginRefusal } from "@/server/http/browser-origin-refusal";

const req = (method: string, headers: Record<string, string>) =>
  new Request("http://console:3000/api/trpc/auth.signOut", { method, headers });

describe("browserOriginRefusal", () => {
  it("takes a POST from the console's own origin", () => {
    expect(
      browserOriginRefusal(req("POST", { origin: "http://console:3000", cookie: "pitcrew_session=x" }), "console:3000"),
    ).toBeNull();
    expect(browserOriginRefusal(req("POST", { origin: "HTTP://Console:3000" }), "console:3000")).toBeNull();
  });

  it("refuses a POST from another port, host or an opaque origin, naming the origin", () => {
    expect(browserOriginRefusal(req("POST", { origin: "http://console:4000" }), "console:3000")).toBe(
      "Origin http://console:4000 is not this console's (console:3000): a state-changing request from a browser must come from the console's own pages",
    );
    expect(browserOriginRefusal(req("POST", { origin: "https://evil.example" }), "console:3000")).toMatch(
      /^Origin https:\/\/evil.example/,
    );
    expect(browserOriginRefusal(req("POST", { origin: "null" }), "console:3000")).toMatch(/^Origin null/);
  });

  it("falls back to Sec-Fetch-Site when there is no Origin", () => {
    expect(browserOriginRefusal(req("POST", { "sec-fetch-site": "same-origin" }), "console:3000")).toBeNull();
    expect(browserOriginRefusal(req("POST", { "sec-fetch-site": "same-site" }), "console:3000")).toMatch(
      /^Sec-Fetch-Site same-site:/,
    );
    expect(browserOriginRefusal(req("POST", { "sec-fetch-site": "cross-site" }), "console:3000")).toMatch(
      /^Sec-Fetch-Site cross-site:/,
    );
  });

  it("does not check reads, Bearer callers (CLI, agents) or clients that are not browsers", () => {
    expect(browserOriginRefusal(req("GET", { origin: "https://evil.example" }), "console:3000")).toBeNull();
    expect(
      browserOriginRefusal(
        req("POST", { origin: "https://evil.example", authorization: "Bearer pct_x" }),
        "console:3000",
      ),
    ).toBeNull();
    expect(browserOriginRefusal(req("POST", { cookie: "pitcrew_session=x" }), "console:3000")).toBeNull();
  });
});
