import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it, vi } from "vitest";
import { ttlCache } from "./ttl-cache";

describe("ttlCache", () => {
  it("shares one load between concurrent callers of a cold key, and serves it until the TTL ends", async () => {
    const load = vi.fn(async (orgId: string) => ({ orgId, loads: load.mock.calls.length }));
    const cached = ttlCache(300, load);
    const [first, second] = await Promise.all([cached("acme"), cached("acme")]);
    expect(first).toBe(second);
    expect(load).toHaveBeenCalledTimes(1);
    expect(await cached("acme")).toBe(first);
    await sleep(400);
    expect(await cached("acme")).not.toBe(first);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("does not cache a failed load", async () => {
    let fail = true;
    const cached = ttlCache(60_000, async () => {
      if (fail) throw new Error("database unreachable");
      return { ok: true };
    });
    await expect(cached("acme")).rejects.toThrow("database unreachable");
    fail = false;
    expect(await cached("acme")).toEqual({ ok: true });
  });

  it("keys by the key function and drops the least recently used key beyond maxEntries", async () => {
    const load = vi.fn(async (reader: { orgId: string; userId: string }) => [reader.orgId]);
    const cached = ttlCache(60_000, load, { maxEntries: 2, key: (reader) => reader.orgId });
    await cached({ orgId: "a", userId: "1" });
    await cached({ orgId: "a", userId: "2" });
    expect(load).toHaveBeenCalledTimes(1);
    await cached({ orgId: "b", userId: "1" });
    await cached({ orgId: "c", userId: "1" });
    await cached({ orgId: "a", userId: "1" });
    expect(load).toHaveBeenCalledTimes(4);
  });
});
