// The console's web defences through the real console (`next start` on the build; no agents
// needed): security headers and the CSP nonce, the origin check, body limits, forwarded headers
// from an untrusted peer, the sign-in throttle under parallel guesses and after a burst from one
// address, and the password policy (issue 21, findings 6–8; docs/security.md).
// The tests run in order and share the console: the address burst comes after the parallel
// guesses, which it would otherwise cut short.
import { readFile } from "node:fs/promises";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsoleCluster } from "@/test/support/console-cluster";

const MiB = 1 << 20;

interface AuditRow {
  action: string;
  object: string | null;
  result: string;
  detail: Record<string, unknown> | null;
  fromAddress: string | null;
}

describe("web security through the real console", () => {
  let cluster: ConsoleCluster;

  const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
    fetch(`${cluster.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    });
  const signIn = (username: string, password: string, headers: Record<string, string> = {}) =>
    post("/api/trpc/auth.signIn", JSON.stringify({ username, password }), headers);
  const signInAudit = async (object?: string) =>
    (await cluster.trpcGet("audit.list", {
      action: "auth.sign-in",
      limit: 1000,
      ...(object ? { object } : {}),
    })) as AuditRow[];
  const throttled = (row: AuditRow) => row.detail?.reason === "too many failed sign-ins";

  async function rssBytes(): Promise<number> {
    const status = await readFile(`/proc/${await cluster.consoleServerPid()}/status`, "utf8");
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)![1]) * 1024;
  }

  /** A body of `bytes` streamed in 64 KiB chunks without Content-Length (chunked encoding). */
  function chunkedBody(bytes: number): ReadableStream<Uint8Array> {
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    let sent = 0;
    return new ReadableStream({
      pull(controller) {
        if (sent >= bytes) return controller.close();
        controller.enqueue(chunk);
        sent += chunk.byteLength;
      },
    });
  }

  /** Status of a POST, or "reset" when the console hung up before answering (never a success). */
  async function bigPost(path: string, body: BodyInit): Promise<{ status: number | "reset"; text: string }> {
    try {
      const res = await fetch(`${cluster.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
        duplex: "half",
      } as RequestInit);
      return { status: res.status, text: await res.text() };
    } catch {
      return { status: "reset", text: "" };
    }
  }

  beforeAll(async () => {
    // 127.0.0.2 plays a reverse proxy (Linux routes all of 127/8 to loopback); the tests' own
    // requests come from 127.0.0.1, a client like any other.
    cluster = await ConsoleCluster.start({ hosts: [], env: { PITCREW_TRUSTED_PROXIES: "127.0.0.2" } });
  }, 180_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it("sends the security headers on a page and an API response, and the page's scripts carry the CSP nonce", async () => {
    const page = await fetch(`${cluster.url}/sign-in`);
    expect(page.status).toBe(200);
    const csp = page.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    const html = await page.text();
    expect(html).toContain(`nonce="${nonce}"`);
    expect(html).not.toMatch(/<script(?![^>]*nonce=)[^>]*>[^<]/); // no inline script without the nonce
    // A second visit gets a new nonce.
    const again = (await fetch(`${cluster.url}/sign-in`)).headers.get("content-security-policy");
    expect(again).not.toBe(csp);

    const api = await fetch(`${cluster.url}/api/trpc/auth.me`);
    for (const res of [page, api]) {
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("same-origin");
      expect(res.headers.get("x-powered-by")).toBeNull();
    }
    expect(api.headers.get("content-security-policy")).toContain("default-src 'none'");

    // A signed-in page renders under its CSP too.
    const cookie = (await signIn("admin", cluster.password)).headers.get("set-cookie")!.split(";")[0]!;
    const hosts = await fetch(`${cluster.url}/hosts`, { headers: { cookie } });
    expect(hosts.status).toBe(200);
    const hostsNonce = /'nonce-([^']+)'/.exec(hosts.headers.get("content-security-policy") ?? "")?.[1];
    expect(await hosts.text()).toContain(`nonce="${hostsNonce}"`);
  });

  it("refuses a state-changing request from another origin with 403 and takes one from the console's own", async () => {
    const cookie = (await signIn("admin", cluster.password)).headers.get("set-cookie")!.split(";")[0]!;
    const me = async () =>
      (
        (await (await fetch(`${cluster.url}/api/trpc/auth.me`, { headers: { cookie } })).json()) as {
          result: { data: unknown };
        }
      ).result.data;

    // Another port of the same site: SameSite=Lax sends the cookie, the origin check does not let it through.
    const foreign = await post("/api/trpc/auth.signOut", "{}", { cookie, origin: "http://127.0.0.1:1" });
    expect(foreign.status).toBe(403);
    expect(JSON.stringify(await foreign.json())).toContain("Origin http://127.0.0.1:1 is not this console's");
    const crossSite = await post("/api/trpc/auth.signOut", "{}", { cookie, "sec-fetch-site": "cross-site" });
    expect(crossSite.status).toBe(403);
    expect((await signIn("admin", cluster.password, { origin: "http://evil.example" })).status).toBe(403);
    expect(await me()).toMatchObject({ username: "admin" }); // still signed in

    // The console's own pages, and the CLI's token (no Origin), go through.
    expect((await cluster.trpcPost("auth.createApiToken", { name: "cli-check" })).status).toBe(200);
    const own = await post("/api/trpc/auth.signOut", "{}", {
      cookie,
      origin: cluster.url,
      "sec-fetch-site": "same-origin",
    });
    expect(own.status).toBe(200);
    expect(await me()).toBeNull();
  });

  it("refuses 50 MB bodies to enrol and to sign-in with 413 before reading them, and parallel ones leave the console's memory alone", async () => {
    const big = new Uint8Array(50 * MiB).fill(0x20);
    for (const path of ["/api/agent/v1/enrol", "/api/trpc/auth.signIn"]) {
      const declared = await bigPost(path, big);
      expect(declared.status).toBe(413);
      expect(declared.text).toMatch(/request body: \d+ bytes, over the 16 KiB limit/);
      const chunked = await bigPost(path, chunkedBody(50 * MiB)); // no Content-Length: counted as it streams
      expect(chunked.status).toBe(413);
      expect(chunked.text).toMatch(/request body: more than 16384 bytes, over the 16 KiB limit/);
    }

    const before = await rssBytes();
    const results = await Promise.all(
      [0, 1, 2, 3, 4, 5].flatMap(() => [
        bigPost("/api/agent/v1/enrol", chunkedBody(50 * MiB)),
        bigPost("/api/trpc/auth.signIn", chunkedBody(50 * MiB)),
        bigPost("/api/trpc/auth.signIn", big),
      ]),
    );
    // Under load a hang-up before the answer is acceptable; a body read and parsed is not.
    for (const r of results) expect(r.status === 413 || r.status === "reset").toBe(true);
    // Main grew by ~490 MiB for six such bodies and kept it; reading none of them costs little.
    expect((await rssBytes()) - before).toBeLessThan(100 * MiB);
    expect((await fetch(`${cluster.url}/api/trpc/auth.me`)).status).toBe(200); // still answering
  });

  it("checks at most 5 passwords for 40 parallel wrong guesses at one user name", async () => {
    const results = await Promise.all(Array.from({ length: 40 }, () => signIn("nosy", "wrong-password-guess")));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(35);
    const checked = (await signInAudit("user nosy")).filter((e) => e.result === "refused" && !throttled(e));
    expect(checked.length).toBeLessThanOrEqual(5);
  });

  it("ignores X-Forwarded-For from an untrusted peer: the audit log says 127.0.0.1 and rotating it does not dodge the address limit", async () => {
    for (let i = 0; i < 20; i++) {
      const res = await signIn(`sprayed-${i}`, "wrong-password-guess", {
        "x-forwarded-for": `203.0.113.${i}`,
        "x-real-ip": `198.51.100.${i}`,
      });
      expect(res.status).toBe(401);
    }
    const audit = await signInAudit();
    expect(audit.length).toBeGreaterThan(20);
    expect(new Set(audit.map((e) => e.fromAddress))).toEqual(new Set(["127.0.0.1"]));

    // sprayed-0 has a failure of its own, and 127.0.0.1 is over its limit: refused, whatever the header says.
    const again = await signIn("sprayed-0", "wrong-password-guess", { "x-forwarded-for": "192.0.2.77" });
    expect(again.status).toBe(429);
    expect(JSON.stringify(await again.json())).toContain("Too many failed sign-ins for address 127.0.0.1");
  });

  it("believes X-Forwarded-For from a configured proxy", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const body = JSON.stringify({ username: "proxied", password: "wrong-password-guess" });
      const req = request(
        `${cluster.url}/api/trpc/auth.signIn`,
        {
          method: "POST",
          localAddress: "127.0.0.2",
          headers: {
            "content-type": "application/json",
            "content-length": Buffer.byteLength(body),
            "x-forwarded-for": "203.0.113.9, 192.0.2.50",
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      req.end(body);
    });
    expect(status).toBe(401);
    expect((await signInAudit("user proxied")).map((e) => e.fromAddress)).toEqual(["192.0.2.50"]);
  });

  it("lets the admin sign in from an address that just had a burst of other users' failures", async () => {
    for (let i = 0; i < 20; i++) expect((await signIn(`burst-${i}`, "wrong-password-guess")).status).toBe(401);
    const res = await signIn("admin", cluster.password);
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toContain("pitcrew_session=");
  });

  it("refuses a common or short password for a new user, naming the field", async () => {
    for (const password of ["password1234", "qwertyuiop123", "12345678"]) {
      const created = await cluster.trpcPost("auth.users.create", { username: "weak", password, role: "viewer" });
      expect(created.status).toBe(400);
      expect(created.error?.message).toMatch(/^password: /);
    }
    const strong = await cluster.trpcPost("auth.users.create", {
      username: "strong",
      password: "viewer-password-e2e-1",
      role: "viewer",
    });
    expect(strong.status).toBe(200);
  });
});
