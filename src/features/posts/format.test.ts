import { describe, expect, it } from "vitest";
import { countLabel, describeBulkResult } from "./format";

describe("describeBulkResult", () => {
  it("says what changed, what was already so, and what was skipped and why", () => {
    expect(
      describeBulkResult({
        operation: "unpublish",
        changed: [{ id: "a", title: "A", slug: "a" }],
        unchanged: 2,
        forbidden: [{ id: "b", title: "Alice's post" }],
        missing: 1,
      }),
    ).toBe(
      "Unpublished 1 post. 2 posts were already drafts. Skipped 1 post you may not change (“Alice's post”): editors change only their own posts. Skipped 1 post that no longer exists.",
    );
  });

  it("keeps a clean run to one sentence", () => {
    expect(
      describeBulkResult({
        operation: "delete",
        changed: [
          { id: "a", title: "A", slug: "a" },
          { id: "b", title: "B", slug: "b" },
        ],
        unchanged: 0,
        forbidden: [],
        missing: 0,
      }),
    ).toBe("Deleted 2 posts.");
  });
});

describe("list helpers", () => {
  it("labels capped and exact counts", () => {
    expect(countLabel(1, false, "post")).toBe("1 post");
    expect(countLabel(1000, true, "post")).toBe("1,000+ posts");
  });
});
