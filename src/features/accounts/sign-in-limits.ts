import "server-only";
import { checkLimits, rateLimitStore, recordFailure, type LimitRule } from "@/server/rate-limit";

// Brute-force protection for password sign-in and registration: 5 failures per account in
// 15 minutes, and a higher budget per client address (SIGNIN_IP_LIMIT, default 50). Counted in Redis
// when REDIS_URL is set, so every app instance shares the counts.

const WINDOW_MS = 15 * 60 * 1000;
const ACCOUNT_LIMIT = 5;

function ipLimit(): number {
  const configured = Number(process.env.SIGNIN_IP_LIMIT ?? 50);
  return Number.isInteger(configured) && configured > 0 ? configured : 50;
}

export function signInRules(email: string, ip: string): LimitRule[] {
  return [
    { key: `signin:account:${email.trim().toLowerCase()}`, max: ACCOUNT_LIMIT, windowMs: WINDOW_MS },
    { key: `signin:ip:${ip}`, max: ipLimit(), windowMs: WINDOW_MS },
  ];
}

export function registerRules(ip: string): LimitRule[] {
  return [{ key: `register:ip:${ip}`, max: ipLimit(), windowMs: WINDOW_MS }];
}

export type LimitVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

export function checkAttempts(rules: LimitRule[]): Promise<LimitVerdict> {
  return checkLimits(rateLimitStore(), rules);
}

export function recordFailedAttempt(rules: LimitRule[]): Promise<void> {
  return recordFailure(rateLimitStore(), rules);
}

/**
 * Opens a password sign-in attempt. The account's attempt is counted before the password is
 * checked, so parallel guesses cannot all slip past the check; a successful sign-in clears it.
 * The address's budget counts failures only (offices share addresses).
 */
export async function beginSignInAttempt(email: string, ip: string) {
  const store = rateLimitStore();
  const [account, address] = signInRules(email, ip) as [LimitRule, LimitRule];
  const addressState = await store.peek(address.key);
  if (addressState.count >= address.max) return { allowed: false as const, retryAfterMs: addressState.resetInMs };
  const accountState = await store.hit(account.key, account.windowMs);
  if (accountState.count > account.max) return { allowed: false as const, retryAfterMs: accountState.resetInMs };
  return {
    allowed: true as const,
    failed: async () => void (await store.hit(address.key, address.windowMs)),
    succeeded: () => store.reset(account.key),
  };
}

export function tooManyAttemptsMessage(retryAfterMs: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
  return `Too many attempts, try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
