// /api/health during a database outage: a 503 that tells load balancers and clients when to look
// again. The database here is a real PostgreSQL URL on a port where nothing listens.
import { describe, expect, it, vi } from "vitest";
import { RETRY_AFTER_SECONDS } from "@/server/authz/errors";

vi.hoisted(() => {
  process.env.DATABASE_URL = "postgresql://postgres@127.0.0.1:9/orgdesk_unreachable";
});

describe("/api/health", () => {
  it("answers 503 with Retry-After while the database is unreachable", async () => {
    const { GET } = await import("@/app/api/health/route");
    const response = await GET();
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe(String(RETRY_AFTER_SECONDS));
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(await response.json()).toMatchObject({ ok: false });
  });
});
