import { afterAll, expect, it, vi } from "vitest";

const EXTENSION = Symbol.for("orgdesk.db.extension");

afterAll(() => {
  delete (globalThis as Record<symbol, unknown>)[EXTENSION];
});

it("counts every Prisma operation of a client the app creates, and prints the total on SIGUSR2", async () => {
  await import("./query-counter.mjs");
  const { createDb } = await import("@/server/db");
  const client = createDb("file::memory:");
  try {
    await client.$queryRaw`SELECT 1`;
    await client.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT 2`;
      await tx.$executeRaw`SELECT 3`;
    });
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    process.emit("SIGUSR2");
    const printed = write.mock.calls.map(([text]) => String(text)).join("");
    write.mockRestore();
    expect(printed).toMatch(/\[query-stats\] total=3\n/);
  } finally {
    await client.$disconnect();
  }
});
