import { beforeAll, describe, expect, it } from "vitest";
import { POST as createPost } from "@/app/api/orgs/[org]/posts/route";
import { createOrg, type TestOrg } from "@/test/fixtures";
import { actAs } from "@/test/request-context";

// A JSON route reads at most 256 KB of a request body: a client that sends (or streams without
// end) more gets a 400 after the first 256 KB, and the server never buffers the rest.

const ORIGIN = "http://localhost:3000";
const LIMIT = 256 * 1024;
const CHUNK = 64 * 1024;

/** A body of `total` bytes of JSON-looking text, counting how much of it the server pulled. */
function countedBody(total: number) {
  const counter = { pulled: 0 };
  const chunk = new TextEncoder().encode(" ".repeat(CHUNK));
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled >= total) return controller.close();
      counter.pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, counter };
}

function post(org: string, body: BodyInit, headers: Record<string, string> = {}): Promise<Response> {
  const request = new Request(`${ORIGIN}/api/orgs/${org}/posts`, {
    method: "POST",
    headers: { host: "localhost:3000", origin: ORIGIN, "content-type": "application/json", ...headers },
    body,
    duplex: "half",
  } as RequestInit);
  return createPost(request, { params: Promise.resolve({ org }) });
}

let acme: TestOrg;
beforeAll(async () => {
  acme = await createOrg("body");
});

describe("JSON request bodies", () => {
  it("stops reading a 32 MB body after the limit and answers 400", async () => {
    actAs(acme.admin);
    const { stream, counter } = countedBody(32 * 1024 * 1024);
    const response = await post(acme.slug, stream);
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toBe("The request body is too large.");
    // What the server read: the limit and the chunks the stream had queued ahead of the reader.
    expect(counter.pulled).toBeLessThanOrEqual(LIMIT + 4 * CHUNK);
  });

  it("counts bytes, not characters: 100,000 three-byte characters (300 KB) are too large", async () => {
    actAs(acme.admin);
    const response = await post(acme.slug, JSON.stringify({ title: "Big", slug: "big", body: "€".repeat(100_000) }));
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toBe("The request body is too large.");
  });

  it("still reads a body within the limit", async () => {
    actAs(acme.admin);
    const response = await post(acme.slug, JSON.stringify({ title: "Small enough", slug: "small-enough", body: "Hello." }));
    expect(response.status).toBe(201);
  });
});
