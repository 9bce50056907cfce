// Next.js looks for the proxy beside the app directory (src/), and reads `config` statically from
// this file. The proxy itself lives at the repository root, next to auth.ts.
export { proxy } from "../proxy";

export const config = {
  // Pages and route handlers; not Next's static files (their headers come from next.config.ts),
  // nor router prefetches (they carry no page to protect).
  matcher: [
    {
      source: "/((?!_next/static|_next/image|favicon.ico|icon.svg|robots.txt).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
