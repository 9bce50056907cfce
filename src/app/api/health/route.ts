import { publicEntry } from "@/server/authz/guard";
import { RETRY_AFTER_SECONDS } from "@/server/authz/errors";
import { checkHealth } from "@/server/health";

// Liveness and database reachability for load balancers and the fault tests. Public by design:
// it reveals only the database kind.
export const dynamic = "force-dynamic";

export const GET = publicEntry("health.read", async () => {
  const report = await checkHealth();
  return Response.json(report, {
    status: report.ok ? 200 : 503,
    // An outage is temporary: say when to look again, as every other 503 does.
    headers: { "Cache-Control": "no-store", ...(report.ok ? {} : { "Retry-After": String(RETRY_AFTER_SECONDS) }) },
  });
});
