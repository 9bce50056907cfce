import { publicEntry } from "@/server/authz/guard";
import { checkHealth } from "@/server/health";

// Liveness and database reachability for load balancers and the fault tests. Public by design:
// it reveals only the database kind.
export const dynamic = "force-dynamic";

export const GET = publicEntry("health.read", async () => {
  const report = await checkHealth();
  return Response.json(report, {
    status: report.ok ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
});
