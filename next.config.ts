import type { NextConfig } from "next";

// Headers for every response, static files included. The Content-Security-Policy needs a fresh
// nonce per request, so proxy.ts sets it (and HSTS, which depends on the request's scheme).
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

const nextConfig: NextConfig = {
  // Native and Node-only packages stay out of the server bundle.
  // md4w loads its WebAssembly file from beside its own module, so it must stay in node_modules.
  serverExternalPackages: ["better-sqlite3", "pg", "ioredis", "bcryptjs", "md4w", "sanitize-html"],
  poweredByHeader: false,
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
