import { createHash } from "node:crypto";
import bcrypt from "bcryptjs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password";

// Every sign-in, registration and password change hashes at cost 12 (about a quarter of a second
// of CPU). The event loop serves every other request of every organization meanwhile, so the hash
// must not run on it: here the loop has to keep turning, many times, while one is computed.

let previousCost: string | undefined;
beforeEach(() => {
  previousCost = process.env.BCRYPT_COST;
  process.env.BCRYPT_COST = "12";
});
afterEach(() => {
  if (previousCost === undefined) delete process.env.BCRYPT_COST;
  else process.env.BCRYPT_COST = previousCost;
});

/** How many times the event loop turned while `work` ran (a chain of setImmediate callbacks). */
async function loopTurnsDuring(work: () => Promise<unknown>): Promise<number> {
  // Warm-up: the first call may start a thread; only the steady state is measured.
  await work();
  let turns = 0;
  let running = true;
  const spin = () => {
    if (!running) return;
    turns += 1;
    setImmediate(spin);
  };
  setImmediate(spin);
  await work();
  running = false;
  return turns;
}

// On the event loop (bcryptjs's async API), the loop turns once per 100 ms slice: 3 or 4 times for
// a cost-12 hash. Off it, tens of thousands of times; 200 leaves room for a very busy machine.
const FREE_LOOP_TURNS = 200;

describe("password hashing keeps the event loop free", () => {
  it("hashes a password at cost 12 while other work keeps running", async () => {
    const turns = await loopTurnsDuring(() => hashPassword("correct horse battery staple"));
    expect(turns).toBeGreaterThan(FREE_LOOP_TURNS);
  });

  it("verifies a password at cost 12 while other work keeps running", async () => {
    const hash = await hashPassword("correct horse battery staple");
    const turns = await loopTurnsDuring(() => verifyPassword("correct horse battery staple", hash));
    expect(turns).toBeGreaterThan(FREE_LOOP_TURNS);
  });

  it("compares an unknown account's password against the decoy off the event loop too", async () => {
    const turns = await loopTurnsDuring(() => verifyPassword("anything at all", null));
    expect(turns).toBeGreaterThan(FREE_LOOP_TURNS);
  });
});

describe("password hashes", () => {
  it("accepts the right password and refuses a wrong one", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash).toMatch(/^\$2[aby]\$12\$/);
    expect(await verifyPassword("correct horse battery staple", hash)).toBe(true);
    expect(await verifyPassword("correct horse battery stapler", hash)).toBe(false);
    expect(await verifyPassword("correct horse battery staple", null)).toBe(false);
  });

  it("keeps accepting hashes stored before (bcryptjs over the SHA-256 pre-hash, cost 10)", async () => {
    const prehash = createHash("sha256").update("an older passphrase", "utf8").digest("base64");
    const stored = await bcrypt.hash(prehash, 10);
    expect(await verifyPassword("an older passphrase", stored)).toBe(true);
    expect(await verifyPassword("another passphrase", stored)).toBe(false);
  });
});
