// A database outage under a steady stream of writes. One app instance reaches PostgreSQL through a
// TCP proxy the test controls (src/test/cluster.ts): cutting it resets every open connection and
// refuses new ones, as a restarting server does, without touching the PostgreSQL other suites use.
// Later the test also terminates the database's backends from the server side.
import { expect, request, test, type APIRequestContext } from "@playwright/test";
import pg from "pg";
import { freePort, seededPostgres, startApp, startDatabaseProxy, type AppInstance, type DatabaseProxy } from "../../test/cluster";
import type { TestDatabase } from "../../test/databases";

type Phase = "before" | "outage" | "recovery" | "terminated";

interface Attempt {
  slug: string;
  phase: Phase;
  /** The phase when the answer arrived: a request sent just before a switch may end after it. */
  answeredIn: Phase;
  status: number;
  ms: number;
  body: { data?: { id: string; slug: string }; error?: { code: string; message: string } };
}

async function signedInClient(origin: string, email: string, password: string): Promise<APIRequestContext> {
  const client = await request.newContext();
  const { csrfToken } = (await (await client.get(`${origin}/api/auth/csrf`)).json()) as { csrfToken: string };
  await client.post(`${origin}/api/auth/callback/credentials`, { form: { email, password, csrfToken, callbackUrl: "/dashboard" } });
  expect((await client.get(`${origin}/api/me`)).status()).toBe(200);
  return client;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Both session strategies: with database sessions every request checks its session in the
// database, so the outage reaches the session check itself.
for (const strategy of ["jwt", "database"] as const) {
  test.describe(`${strategy} sessions`, () => {
    let database: TestDatabase;
    let proxy: DatabaseProxy;
    let app: AppInstance;

    test.beforeAll(async () => {
      test.setTimeout(120_000);
      database = await seededPostgres();
      proxy = await startDatabaseProxy(database.url);
      app = await startApp({ port: await freePort(3230), databaseUrl: proxy.url, sessionStrategy: strategy });
    });

    test.afterAll(async () => {
      await app?.stop();
      await proxy?.close();
      await database?.drop();
    });

    test("posts written while the database restarts: fast 503s, recovery on its own, no post lost or doubled, nobody signed out", async () => {
      test.setTimeout(120_000);
      const editor = await signedInClient(app.origin, "editor@acme.test", "demo-password-1");
      const run = Date.now().toString(36);
      const attempts: Attempt[] = [];
      const health: { phase: Phase; status: number; ok: boolean }[] = [];
      // What a signed-in browser sees meanwhile: its session (as useSession asks) and a page.
      const sessionChecks: { phase: Phase; status: number; signedIn: boolean }[] = [];
      const pages: { phase: Phase; status: number; url: string }[] = [];
      let phase: Phase = "before";
      let streaming = true;
      let sequence = 0;

      // Two writers, each sending its next post as soon as the previous one is answered.
      const writer = async () => {
        while (streaming) {
          const slug = `outage-${run}-${++sequence}`;
          const sentIn = phase;
          const started = performance.now();
          const response = await editor.post(`${app.origin}/api/orgs/acme/posts`, {
            data: { title: `Outage post ${sequence}`, slug, body: "Written while the database comes and goes." },
            timeout: 15_000,
          });
          attempts.push({ slug, phase: sentIn, answeredIn: phase, status: response.status(), ms: performance.now() - started, body: await response.json() });
          // A client backing off a little after a failure, as any sensible client does.
          if (response.status() >= 500) await sleep(100);
        }
      };
      const monitor = async () => {
        while (streaming) {
          const response = await editor.get(`${app.origin}/api/health`, { timeout: 15_000 });
          health.push({ phase, status: response.status(), ok: ((await response.json()) as { ok: boolean }).ok });
          const session = await editor.get(`${app.origin}/api/auth/session`, { timeout: 15_000 });
          const sessionBody = (await session.json().catch(() => null)) as { user?: { email?: string } } | null;
          sessionChecks.push({ phase, status: session.status(), signedIn: sessionBody?.user?.email === "editor@acme.test" });
          const page = await editor.get(`${app.origin}/dashboard/new`, { timeout: 15_000 });
          pages.push({ phase, status: page.status(), url: page.url() });
          await sleep(250);
        }
      };
      const traffic = Promise.all([writer(), writer(), monitor()]);

      await sleep(2_000);
      phase = "outage";
      proxy.cut();
      await sleep(5_000);
      phase = "recovery";
      proxy.restore();
      await expect.poll(() => attempts.filter((a) => a.phase === "recovery" && a.status === 201).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(5);

      // The server side ends every connection of the app's database (as a failover or an admin would).
      phase = "terminated";
      const admin = new pg.Client({ connectionString: database.url });
      admin.on("error", () => {}); // dropping the database at the end ends this connection too
      await admin.connect();
      const { rowCount } = await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
      );
      expect(rowCount).toBeGreaterThan(0);
      await expect.poll(() => attempts.filter((a) => a.phase === "terminated" && a.status === 201).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(5);
      streaming = false;
      await traffic;

      // What the server logged (unexpected errors are logged in full), for a failure's message.
      const serverErrors = app
        .output()
        .split("\n")
        .filter((line) => /\[guard\]|Error|error/.test(line))
        .slice(-40)
        .join("\n");
      const summary = attempts.map(({ phase, status, ms }) => `${phase}:${status}:${Math.round(ms)}ms`).join(" ");
      // Only two answers exist: created, or "temporarily unavailable". Never a 500, never a hang.
      for (const attempt of attempts) {
        expect([201, 503], `${attempt.slug} answered ${attempt.status}: ${JSON.stringify(attempt.body)}\n${serverErrors}`).toContain(attempt.status);
        expect(attempt.ms, `${attempt.slug} took ${attempt.ms} ms`).toBeLessThan(5_000);
        if (attempt.status === 503) {
          expect(attempt.body.error).toEqual({ code: "unavailable", message: "The service is temporarily unavailable. Please try again shortly." });
        }
      }
      // Before the cut every post went through; during it, requests failed (fast: see above) ...
      expect(
        attempts.filter((a) => a.answeredIn === "before").every((a) => a.status === 201),
        summary,
      ).toBe(true);
      const duringOutage = attempts.filter((a) => a.phase === "outage" && a.answeredIn === "outage");
      expect(duringOutage.length, summary).toBeGreaterThan(3);
      expect(
        duringOutage.every((a) => a.status === 503),
        summary,
      ).toBe(true);
      // ... and /api/health said so, then said it was back.
      expect(health.some((h) => h.phase === "outage" && h.status === 503 && !h.ok)).toBe(true);
      expect(health.filter((h) => h.phase === "before").every((h) => h.status === 200 && h.ok)).toBe(true);
      expect(health.at(-1)).toMatchObject({ status: 200, ok: true });
      // Nobody was signed out: the session answered "signed in" or "temporarily unavailable" (503),
      // never "no session" (which clears the cookie); a page never sent the editor to sign in; and
      // afterwards the same cookie still works.
      const sessions = sessionChecks.map(({ phase, status, signedIn }) => `${phase}:${status}:${signedIn}`).join(" ");
      for (const check of sessionChecks) expect(check.status === 503 || (check.status === 200 && check.signedIn), sessions).toBe(true);
      for (const page of pages) expect(new URL(page.url).pathname, `${page.phase}: ${page.status} ${page.url}`).not.toBe("/login");
      if (strategy === "database") {
        // Every request checks its session in the database: during the outage, 503s everywhere.
        expect(
          sessionChecks.some((c) => c.phase === "outage" && c.status === 503),
          sessions,
        ).toBe(true);
        const outagePages = pages.filter((p) => p.phase === "outage");
        expect(outagePages.length).toBeGreaterThan(0);
        for (const page of outagePages) if (page.status !== 200) expect([page.status, new URL(page.url).pathname]).toEqual([503, "/unavailable"]);
        expect(outagePages.some((p) => p.status === 503)).toBe(true);
      }
      expect((await editor.get(`${app.origin}/api/me`)).status()).toBe(200);
      expect((await editor.storageState()).cookies.some((c) => c.name === "authjs.session-token")).toBe(true);
      // The same process served throughout: no crash, no restart.
      expect(app.process.exitCode, app.output()).toBeNull();

      // Every post answered 201 exists exactly once, with the id the answer gave; a post answered 503
      // exists at most once (its commit may have landed just before the connection went).
      const { rows } = await admin.query<{ slug: string; id: string }>(
        `SELECT p.slug, p.id FROM "Post" p JOIN "Organization" o ON o.id = p."orgId" WHERE o.slug = 'acme' AND p.slug LIKE $1`,
        [`outage-${run}-%`],
      );
      const stored = new Map<string, string[]>();
      for (const row of rows) stored.set(row.slug, [...(stored.get(row.slug) ?? []), row.id]);
      for (const attempt of attempts) {
        const ids = stored.get(attempt.slug) ?? [];
        if (attempt.status === 201) expect(ids, attempt.slug).toEqual([attempt.body.data!.id]);
        else expect(ids.length, attempt.slug).toBeLessThanOrEqual(1);
      }
      expect(rows.length).toBeGreaterThanOrEqual(attempts.filter((a) => a.status === 201).length);
      await admin.end();
      await editor.dispose();
    });
  });
}
