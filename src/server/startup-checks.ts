import { env as serverEnv, type Env } from "@/server/env";

// Refuse to serve in production without the secret that encrypts session cookies: without it
// Auth.js fails on the first request, or worse, a deploy ships with a guessable placeholder.
export function assertProductionSecrets(env: Pick<Env, "NODE_ENV" | "NEXT_PHASE" | "AUTH_SECRET"> = serverEnv): void {
  if (env.NODE_ENV !== "production" || env.NEXT_PHASE === "phase-production-build") return;
  if (env.AUTH_SECRET?.trim()) return;
  console.error(
    "\nAUTH_SECRET is not set. Orgdesk will not start in production without it: it encrypts session cookies.\n" +
      "Generate one with `npx auth secret` (or `openssl rand -base64 33`) and set AUTH_SECRET in the environment.\n",
  );
  process.exit(1);
}

const PEER_ADDRESS_MARKER = Symbol.for("orgdesk.server.appendsPeerAddress");

/**
 * Refuse to serve in production under plain `next start`: it keeps a client's X-Forwarded-For as
 * sent, so every rate limit, audit row and session would record whatever address the client chose.
 * src/serve.mjs (`npm start`) appends the socket's address, which src/server/request-ip.ts relies on.
 */
export function assertPeerAddressServer(env: Pick<Env, "NODE_ENV" | "NEXT_PHASE"> = serverEnv, global: object = globalThis): void {
  if (env.NODE_ENV !== "production" || env.NEXT_PHASE === "phase-production-build") return;
  if ((global as Record<symbol, unknown>)[PEER_ADDRESS_MARKER] === true) return;
  console.error(
    "\nOrgdesk must be started with `npm start` (node src/serve.mjs), not `next start`: only src/serve.mjs records the\n" +
      "client's real address (see TRUST_PROXY_HOPS in .env.example). Without it any client could choose its own.\n",
  );
  process.exit(1);
}
