import { describe, expect, it } from "vitest";
import {
  API_CONTENT_SECURITY_POLICY,
  pageContentSecurityPolicy,
  STATIC_SECURITY_HEADERS,
} from "@/lib/security-headers";

describe("security headers", () => {
  it("lets a page run only its own scripts and those carrying the nonce, and no one frame it", () => {
    const csp = pageContentSecurityPolicy("abc123");
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toContain("upgrade-insecure-requests"); // plain http://127.0.0.1 must keep working
  });

  it("allows eval only for next dev", () => {
    expect(pageContentSecurityPolicy("n", { dev: true })).toContain("'nonce-n' 'strict-dynamic' 'unsafe-eval'");
  });

  it("gives API answers a policy that allows nothing, and every answer the fixed headers", () => {
    expect(API_CONTENT_SECURITY_POLICY).toMatch(/^default-src 'none'; frame-ancestors 'none'/);
    expect(Object.fromEntries(STATIC_SECURITY_HEADERS.map((h) => [h.key, h.value]))).toEqual({
      "X-Frame-Options": "DENY",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "same-origin",
    });
  });
});
