import { safeCallbackUrl } from "@/lib/safe-redirect";
import { RETRY_AFTER_SECONDS } from "@/server/authz/errors";
import { publicEntry } from "@/server/authz/guard";

// Where a page sends its visitor while the session or the database cannot be checked: a real 503
// (pages cannot set their own status), the session cookie untouched, and a way back. Plain HTML on
// purpose: it must render with nothing else working.
export const dynamic = "force-dynamic";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export const GET = publicEntry("health.read", async (request: Request) => {
  const retry = escapeHtml(safeCallbackUrl(new URL(request.url).searchParams.get("retry")));
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${RETRY_AFTER_SECONDS * 2};url=${retry}">
<title>Temporarily unavailable · Orgdesk</title>
</head>
<body>
<main>
<h1>Orgdesk is temporarily unavailable</h1>
<p>We could not reach our database just now. You are still signed in; this page tries again on its own in a few seconds.</p>
<p><a href="${retry}">Try again now</a></p>
</main>
</body>
</html>
`;
  return new Response(html, {
    status: 503,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Retry-After": String(RETRY_AFTER_SECONDS) },
  });
});
