// The password checks of account settings run before the transaction (hashing and verifying run on
// a worker thread, and no transaction stays open meanwhile). A password change that commits in
// between must not be overwritten, nor let a deletion through on the replaced password: the write
// applies only over the password that was checked.
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/server/db";
import { hashPassword } from "@/server/password";
import type { SessionUser } from "@/server/session";
import { actAs } from "@/test/request-context";
import { changePassword, deleteAccount } from "./settings-actions";

/** Runs once, while the operation's prepare step hashes or verifies: another request's change committing meanwhile. */
const meanwhile = vi.hoisted(() => ({ run: null as (() => Promise<void>) | null }));
vi.mock("@/server/password", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/server/password")>();
  const interleave = async () => {
    const work = meanwhile.run;
    meanwhile.run = null;
    await work?.();
  };
  return {
    ...original,
    hashPassword: async (password: string) => (await interleave(), original.hashPassword(password)),
    verifyPassword: async (password: string, hash: string) => (await interleave(), original.verifyPassword(password, hash)),
  };
});

const PASSWORD = "an unusual old passphrase";
const NEW_PASSWORD = "a brand new passphrase";

async function passwordUser(): Promise<SessionUser> {
  return db.user.create({
    data: { name: "Pat Password", email: `race-${randomUUID()}@example.test`, passwordHash: await hashPassword(PASSWORD) },
    select: { id: true, name: true, email: true, image: true },
  });
}

const storedHash = async (userId: string) => (await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } }))?.passwordHash;

beforeEach(() => {
  meanwhile.run = null;
});

describe("a password changed while the checks run", () => {
  it("is not overwritten by the change that was checked against the old one", async () => {
    const user = await passwordUser();
    const theirs = await hashPassword("the other tab's passphrase");
    actAs(user);
    meanwhile.run = async () => void (await db.user.update({ where: { id: user.id }, data: { passwordHash: theirs } }));
    const result = await changePassword({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    actAs(null);
    expect(result).toMatchObject({ ok: false, code: "conflict" });
    expect(await storedHash(user.id)).toBe(theirs);
  });

  it("does not let the account be deleted with the replaced password", async () => {
    const user = await passwordUser();
    const theirs = await hashPassword("the other tab's passphrase");
    actAs(user);
    meanwhile.run = async () => void (await db.user.update({ where: { id: user.id }, data: { passwordHash: theirs } }));
    const result = await deleteAccount({ password: PASSWORD, confirm: "DELETE" });
    actAs(null);
    expect(result).toMatchObject({ ok: false, code: "conflict" });
    expect(await storedHash(user.id)).toBe(theirs);
  });

  it("without a change in between, both go through", async () => {
    const user = await passwordUser();
    actAs(user);
    expect(await changePassword({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).toMatchObject({ ok: true });
    expect(await deleteAccount({ password: NEW_PASSWORD, confirm: "DELETE" })).toMatchObject({ ok: true });
    actAs(null);
    expect(await storedHash(user.id)).toBeUndefined();
  });
});
