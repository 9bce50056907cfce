// Refuse to serve in production without the secret that encrypts session cookies: without it
// Auth.js fails on the first request, or worse, a deploy ships with a guessable placeholder.
export function assertProductionSecrets(env: NodeJS.ProcessEnv = process.env): void {
  if (env.NODE_ENV !== "production" || env.NEXT_PHASE === "phase-production-build") return;
  if (env.AUTH_SECRET?.trim()) return;
  console.error(
    "\nAUTH_SECRET is not set. Orgdesk will not start in production without it: it encrypts session cookies.\n" +
      "Generate one with `npx auth secret` (or `openssl rand -base64 33`) and set AUTH_SECRET in the environment.\n",
  );
  process.exit(1);
}
