import "server-only";
import { rateLimitSource } from "@/server/request-ip";
import { rateLimitStore, type LimitRule, type RateLimitStore } from "@/server/rate-limit";
import { env } from "@/server/env";

// Brute-force protection for passwords, built so that nobody who merely knows an address can lock
// its owner out. Counted in Redis when REDIS_URL is set (every app instance shares the counts), in
// process memory otherwise. A password sign-in is counted:
// - per account and source (address, or IPv6 /64): 5 attempts in 15 minutes, cleared by a
//   success. A guesser elsewhere uses up only their own budget for that account;
// - per source, across accounts: SIGNIN_IP_LIMIT failures (default 50) in 15 minutes;
// - per account, from every source together: SIGNIN_ACCOUNT_LIMIT attempts an hour (default 100),
//   the ceiling that stops guessing spread over many addresses;
// - from a known device (known-device.ts: this browser has signed in to this account with its
//   password before): per account and device only, 5 attempts in 15 minutes. Its owner keeps
//   signing in while strangers exhaust every other budget.
// Re-authentication inside account settings (password change, account deletion) has its own
// per-user budget: only a signed-in session can spend it, so no failure elsewhere blocks it.
// Registration: REGISTER_IP_LIMIT attempts (created or refused) per source and hour, default 10.

const WINDOW_MS = 15 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
const PER_ACCOUNT_AND_SOURCE = 5;
const PER_KNOWN_DEVICE = 5;
const REAUTH_LIMIT = 5;

/** Where an attempt comes from: the client's address, and the device id of a genuine known-device cookie for this account. */
export interface AttemptSource {
  ip: string | null;
  knownDevice?: string | null;
}

function account(email: string): string {
  return email.trim().toLowerCase();
}

/** The budgets a sign-in attempt is counted against, in the order they are checked. */
function signInBudgets(email: string, source: AttemptSource) {
  const who = account(email);
  const from = rateLimitSource(source.ip);
  return {
    knownDevice: source.knownDevice ? { key: `signin:device:${who}:${source.knownDevice}`, max: PER_KNOWN_DEVICE, windowMs: WINDOW_MS } : null,
    source: { key: `signin:ip:${from}`, max: env.SIGNIN_IP_LIMIT, windowMs: WINDOW_MS },
    accountAndSource: { key: `signin:account-source:${who}:${from}`, max: PER_ACCOUNT_AND_SOURCE, windowMs: WINDOW_MS },
    account: { key: `signin:account:${who}`, max: env.SIGNIN_ACCOUNT_LIMIT, windowMs: HOUR_MS },
  } satisfies Record<string, LimitRule | null>;
}

export type LimitVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

const refused = (resetInMs: number) => ({ allowed: false as const, retryAfterMs: resetInMs });

/** Whether a sign-in attempt would be refused, without counting it (the API's plain 429). */
export async function peekSignIn(email: string, source: AttemptSource): Promise<LimitVerdict> {
  const store = rateLimitStore();
  const budgets = signInBudgets(email, source);
  const rules = budgets.knownDevice ? [budgets.knownDevice] : [budgets.source, budgets.accountAndSource, budgets.account];
  let retryAfterMs = -1;
  for (const rule of rules) {
    const state = await store.peek(rule.key);
    if (state.count >= rule.max) retryAfterMs = Math.max(retryAfterMs, state.resetInMs);
  }
  return retryAfterMs >= 0 ? refused(retryAfterMs) : { allowed: true };
}

export type Attempt = { allowed: false; retryAfterMs: number } | { allowed: true; failed: () => Promise<void>; succeeded: () => Promise<void> };

/** Counts one attempt before it is checked (so parallel guesses cannot all slip past); refuses over `max`. */
async function take(store: RateLimitStore, rule: LimitRule): Promise<LimitVerdict> {
  const state = await store.hit(rule.key, rule.windowMs);
  return state.count > rule.max ? refused(state.resetInMs) : { allowed: true };
}

/**
 * Opens a password sign-in attempt. Every budget that could refuse it is checked before the
 * password is; a refusal by a narrower budget does not spend a wider one (one address hammering an
 * account must not use up the account's ceiling). A success clears the per-source (or per-device)
 * count; the address's budget counts failures only (offices share addresses).
 */
export async function beginSignInAttempt(email: string, source: AttemptSource): Promise<Attempt> {
  const store = rateLimitStore();
  const budgets = signInBudgets(email, source);
  if (budgets.knownDevice) {
    const device = budgets.knownDevice;
    const verdict = await take(store, device);
    if (!verdict.allowed) return verdict;
    return { allowed: true, failed: async () => {}, succeeded: () => store.reset(device.key) };
  }
  const sourceState = await store.peek(budgets.source.key);
  if (sourceState.count >= budgets.source.max) return refused(sourceState.resetInMs);
  for (const rule of [budgets.accountAndSource, budgets.account]) {
    const verdict = await take(store, rule);
    if (!verdict.allowed) return verdict;
  }
  return {
    allowed: true,
    failed: async () => void (await store.hit(budgets.source.key, budgets.source.windowMs)),
    succeeded: () => store.reset(budgets.accountAndSource.key),
  };
}

/** Opens a re-authentication with the current password (account settings), on the user's own budget. */
export async function beginReauthentication(userId: string): Promise<Attempt> {
  const store = rateLimitStore();
  const rule = { key: `reauth:user:${userId}`, max: REAUTH_LIMIT, windowMs: WINDOW_MS };
  const verdict = await take(store, rule);
  if (!verdict.allowed) return verdict;
  return { allowed: true, failed: async () => {}, succeeded: () => store.reset(rule.key) };
}

/** Counts one registration (an account created, or refused because the address is taken) from this source. */
export function takeRegistration(ip: string | null): Promise<LimitVerdict> {
  const max = env.REGISTER_IP_LIMIT;
  return take(rateLimitStore(), { key: `register:ip:${rateLimitSource(ip)}`, max, windowMs: HOUR_MS });
}

export function tooManyAttemptsMessage(retryAfterMs: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
  return `Too many attempts, try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
