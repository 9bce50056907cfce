// HTTP for the benchmark: the real sign-in flow, probes, the serial (server-time) phase and the
// load phase (autocannon). Every request has a timeout and every loop a count and a time limit.
import autocannon from "autocannon";
import type { LoadStats } from "./report";

const REQUEST_TIMEOUT_MS = 15_000;

function cookiesFrom(response: Response): Map<string, string> {
  const jar = new Map<string, string>();
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(";");
    const index = pair!.indexOf("=");
    if (index > 0) jar.set(pair!.slice(0, index).trim(), pair!.slice(index + 1).trim());
  }
  return jar;
}

const cookieHeader = (jar: Map<string, string>) => [...jar].map(([name, value]) => `${name}=${value}`).join("; ");

/**
 * Signs in through Auth.js like a browser: GET /api/auth/csrf (token + csrf cookie), then POST the
 * credentials form with that cookie; returns the session cookie(s) the server set.
 */
export async function signIn(origin: string, email: string, password: string): Promise<string> {
  const csrfResponse = await fetch(`${origin}/api/auth/csrf`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  if (!csrfResponse.ok) throw new Error(`GET /api/auth/csrf answered ${csrfResponse.status}`);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken?: string };
  if (!csrfToken) throw new Error("GET /api/auth/csrf returned no csrfToken");
  const jar = cookiesFrom(csrfResponse);

  const response = await fetch(`${origin}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar) },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: "/dashboard" }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  await response.arrayBuffer();
  const session = new Map([...cookiesFrom(response)].filter(([name]) => /^(__Secure-)?authjs\.session-token(\.\d+)?$/.test(name)));
  if (session.size === 0) {
    throw new Error(`sign-in as ${email} failed: HTTP ${response.status}, location ${response.headers.get("location") ?? "none"}`);
  }
  const cookie = cookieHeader(session);

  const check = await fetch(`${origin}/api/auth/session`, { headers: { cookie }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const body = (await check.json()) as { user?: { email?: string } } | null;
  if (body?.user?.email !== email) throw new Error(`the session cookie does not name ${email}: ${JSON.stringify(body)}`);
  return cookie;
}

export interface Probe {
  status: number;
  location: string | null;
  body: string;
  csp: string | null;
}

export async function probe(url: string, cookie?: string): Promise<Probe> {
  const response = await fetch(url, {
    redirect: "manual",
    headers: cookie ? { cookie } : {},
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  return {
    status: response.status,
    location: response.headers.get("location"),
    body: await response.text(),
    csp: response.headers.get("content-security-policy"),
  };
}

/** A page rendered for this request carries the response's CSP nonce; a cached one cannot. */
export function renderedPerRequest(result: Probe): boolean {
  const nonce = /'nonce-([^']+)'/.exec(result.csp ?? "")?.[1];
  return nonce !== undefined && result.body.includes(nonce);
}

export interface SerialRun {
  latenciesMs: number[];
  non2xx: number;
}

/**
 * `count` requests one after another on one connection (≤ `timeLimitMs` in all); `afterEach` runs
 * between requests, outside the timed part.
 */
export async function serial(url: string, cookie: string | undefined, count: number, timeLimitMs: number, afterEach?: () => Promise<void>): Promise<SerialRun> {
  const latenciesMs: number[] = [];
  let non2xx = 0;
  const deadline = performance.now() + timeLimitMs;
  for (let i = 0; i < count && performance.now() < deadline; i++) {
    const started = performance.now();
    const response = await fetch(url, {
      redirect: "manual",
      headers: cookie ? { cookie } : {},
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    await response.arrayBuffer();
    latenciesMs.push(performance.now() - started);
    if (response.status < 200 || response.status > 299) non2xx++;
    await afterEach?.();
  }
  return { latenciesMs, non2xx };
}

let current: autocannon.Instance | null = null;

/** Stops a running load phase (CTRL-C). */
export function stopLoad(): void {
  current?.stop();
}

/** autocannon for a fixed duration; the caller fills in queriesPerRequest. */
export async function load(url: string, cookie: string | undefined, connections: number, durationS: number): Promise<LoadStats> {
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    current = autocannon({ url, connections, duration: durationS, timeout: REQUEST_TIMEOUT_MS / 1000, headers: cookie ? { cookie } : {} }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  }).finally(() => {
    current = null;
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stat.count ?? 0;
  return {
    connections,
    durationS: result.duration,
    requests: result.requests.total,
    rps: result.duration > 0 ? result.requests.total / result.duration : 0,
    p50: result.latency.p50,
    p975: result.latency.p97_5,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    queriesPerRequest: null,
  };
}
