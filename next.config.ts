import type { NextConfig } from "next";
import { parseLauncherConfig } from "./lib/launcher-config";
import { API_CONTENT_SECURITY_POLICY, STATIC_SECURITY_HEADERS } from "./lib/security-headers";

const nextConfig: NextConfig = {
  // PITCREW_NEXT_DIST_DIR (lib/launcher-config.ts): a bad value stops the build, naming it.
  distDir: parseLauncherConfig(process.env).nextDistDir,
  // Native/driver packages stay external (Next's default list has them too; listed to be explicit).
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3"],
  typescript: {
    // `npm run typecheck` (next typegen + tsc) checks the whole repo, engine/ and cli/ included, as
    // its own step of `npm test`. Checking again here would cost ~6 s and make the web build fail
    // on Node-only code the build does not even bundle.
    ignoreBuildErrors: true,
  },
  // No "X-Powered-By: Next.js": it only tells an attacker which exploits to try.
  poweredByHeader: false,
  // Security headers (lib/security-headers.ts, docs/security.md). Pages get their CSP, with a
  // nonce, from proxy.ts; the APIs get a fixed one that allows nothing.
  async headers() {
    return [
      { source: "/:path*", headers: [...STATIC_SECURITY_HEADERS] },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }] },
    ];
  },
};

export default nextConfig;
