import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import { db, provider, type Tx } from "@/server/db";
import { createUser } from "@/test/fixtures";
import { as, closeInstance, onInstance, otherInstance, raceWhileHolding } from "@/test/instances";
import { unlinkAccount } from "./settings-actions";

// Two unlinks of a provider-only account's two identities, one per app instance, at the same moment.
vi.mock("@/server/db", async (importOriginal) => (await import("@/test/instances")).routedDbModule(await importOriginal()));
vi.mock("@/server/session", async () => (await import("@/test/instances")).sessionModule());

const second = await otherInstance();
afterAll(() => closeInstance(second));

/**
 * Locks both account rows, so both racing calls have read "two methods" before either can delete,
 * whatever the code under test locks. On SQLite the open transaction holds every other writer.
 */
async function holdAccounts(tx: Tx, userId: string): Promise<void> {
  if (provider !== "postgresql") return;
  await tx.$queryRaw`SELECT 1 FROM "Account" WHERE "userId" = ${userId} FOR UPDATE`;
}

describe("unlinking across two instances", () => {
  it("two unlinks at once never leave an account without a way to sign in", async () => {
    for (let round = 0; round < 3; round++) {
      const user = await createUser(`Two Providers ${round}`);
      const oidc = await db.account.create({ data: { userId: user.id, type: "oidc", provider: "oidc", providerAccountId: randomUUID() } });
      const github = await db.account.create({ data: { userId: user.id, type: "oauth", provider: "github", providerAccountId: randomUUID() } });
      const results = await raceWhileHolding(
        (tx) => holdAccounts(tx, user.id),
        [() => as(user, () => unlinkAccount({ accountId: oidc.id })), () => onInstance(second, () => as(user, () => unlinkAccount({ accountId: github.id })))],
      );
      expect(await db.account.count({ where: { userId: user.id } })).toBe(1);
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(results.find((result) => !result.ok)).toMatchObject({ code: "conflict", error: expect.stringMatching(/only way to sign in/) });
    }
  });
});
