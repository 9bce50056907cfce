// Auth.js reads the whole body of every POST to /api/auth/* (sign-in, sign-out, callbacks) before
// anyone is authenticated. Its forms are a few fields: past 64 KB the request is refused with a 413
// and the rest of the body is never read.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/auth/[...nextauth]/route";

const ORIGIN = "http://localhost:3000";
const CHUNK = 64 * 1024;

function endlessForm(total: number) {
  const counter = { pulled: 0 };
  const chunk = new TextEncoder().encode("a".repeat(CHUNK));
  const head = new TextEncoder().encode("email=someone%40example.test&password=");
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled >= total) return controller.close();
      const next = counter.pulled === 0 ? head : chunk;
      counter.pulled += next.byteLength;
      controller.enqueue(next);
    },
  });
  return { stream, counter };
}

describe("POST /api/auth/*", () => {
  it("refuses a 32 MB sign-in form with a 413 after reading at most a few chunks of it", async () => {
    const { stream, counter } = endlessForm(32 * 1024 * 1024);
    const request = new NextRequest(`${ORIGIN}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { host: "localhost:3000", origin: ORIGIN, "content-type": "application/x-www-form-urlencoded" },
      body: stream,
      duplex: "half",
    } as ConstructorParameters<typeof NextRequest>[1]);
    const response = await POST(request);
    expect(response.status).toBe(413);
    expect(counter.pulled).toBeLessThanOrEqual(64 * 1024 + 4 * CHUNK);
  });
});
