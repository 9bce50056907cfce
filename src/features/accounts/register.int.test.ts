import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "@/server/db";
import { register } from "./actions";

// Registration signs the new user in through Auth.js at the end; that edge is replaced here, the
// limits, the policy and the database are real.
vi.mock("@/auth", () => ({ signIn: vi.fn(async () => undefined), signOut: vi.fn(async () => undefined) }));

function form(email: string, password = "a long and unusual passphrase", name = "New Person") {
  const data = new FormData();
  for (const [key, value] of Object.entries({ name, email, password, confirmPassword: password })) data.set(key, value);
  return data;
}

afterEach(() => {
  delete process.env.REGISTER_IP_LIMIT;
});

describe("register", () => {
  it("limits accounts created from one address, not only refused attempts", async () => {
    process.env.REGISTER_IP_LIMIT = "3";
    const created: string[] = [];
    for (let i = 0; i < 3; i++) {
      const email = `new-${randomUUID()}@example.test`;
      expect(await register({}, form(email))).toEqual({});
      created.push(email);
    }
    const fourth = `new-${randomUUID()}@example.test`;
    const refused = await register({}, form(fourth));
    expect(refused.error).toMatch(/^Too many attempts, try again in \d+ minutes?\.$/);
    expect(await db.user.count({ where: { email: { in: [...created, fourth] } } })).toBe(3);
  });

  it("refuses a password that is easy to guess or built on the user's name, with a sentence, and creates nothing", async () => {
    for (const [password, name] of [
      [" ".repeat(8), "New Person"],
      ["aaaaaaaa", "New Person"],
      ["iloveyou123", "New Person"],
      ["Jane1234", "Jane"],
    ] as const) {
      const email = `weak-${randomUUID()}@example.test`;
      const refused = await register({}, form(email, password, name));
      expect(refused.fieldErrors?.password, JSON.stringify(password)).toMatch(
        /^(This password is too easy to guess\.|Don't build your password on your name or email address\.)/,
      );
      expect(refused.values).toEqual({ name, email });
      expect(await db.user.count({ where: { email } })).toBe(0);
    }
  });
});
