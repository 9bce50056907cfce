import "server-only";
import { GuardError } from "@/server/authz/errors";
import { rateLimitStore } from "@/server/rate-limit";

// Organizations one account may create per day: each new org comes with its own invitation budget,
// so without this limit one account could multiply the emails it sends.

export const ORGS_PER_ACCOUNT_PER_DAY = 5;
const DAY_MS = 24 * 60 * 60 * 1000;
const keyOf = (userId: string) => `orgs:created:${userId}`;

export async function refuseTooManyOrgs(userId: string): Promise<void> {
  const { count, resetInMs } = await rateLimitStore().peek(keyOf(userId));
  if (count < ORGS_PER_ACCOUNT_PER_DAY) return;
  const hours = Math.max(1, Math.ceil(resetInMs / 3_600_000));
  throw new GuardError(
    "rate_limited",
    `You created ${ORGS_PER_ACCOUNT_PER_DAY} organizations in the last day. Try again in ${hours} hour${hours === 1 ? "" : "s"}.`,
  );
}

/** Only a creation counts, not a refused attempt (e.g. a taken URL name). */
export async function countOrgCreated(userId: string): Promise<void> {
  await rateLimitStore().hit(keyOf(userId), DAY_MS);
}
