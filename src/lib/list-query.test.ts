import { describe, expect, it } from "vitest";
import { auditList } from "@/features/audit/schemas";
import { memberList } from "@/features/members/schemas";
import { postList, publishedPostList } from "@/features/posts/schemas";

describe("a list's URL parser", () => {
  it("is lenient on pages: each bad value falls back to its own default, the rest still applies", () => {
    expect(memberList.parse({ page: "0", size: "30", sort: "salary", dir: "up", role: "owner", q: "ada" })).toEqual({
      page: 1,
      size: 25,
      sort: "joined",
      dir: "desc",
      role: undefined,
      q: "ada",
    });
    expect(postList.parse({ status: "archived", sort: "title", page: "abc" })).toMatchObject({ status: undefined, sort: "title", page: 1 });
    expect(auditList.parse({ from: "2026-02-30", to: "2026-03-01", page: ["3", "4"] })).toMatchObject({ from: undefined, to: "2026-03-01", page: 3 });
  });

  it("is strict on the API: a bad value is refused and named", () => {
    const result = memberList.schema.safeParse({ size: "30", q: "ada" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join("."))).toEqual(["size"]);
    expect(postList.schema.safeParse({ status: "archived" }).error?.issues[0]?.path).toEqual(["status"]);
    expect(postList.schema.safeParse({ page: "2", sort: "title" }).data).toMatchObject({ page: 2, sort: "title", dir: "desc" });
  });

  it("writes links without the defaults, in the parameters' order, and reads them back", () => {
    const base = "/dashboard/acme/members";
    expect(memberList.href(base, memberList.defaults)).toBe(base);
    const href = memberList.href(base, { ...memberList.defaults, q: "road map", role: "editor", page: 2, sort: "name", dir: "asc" });
    expect(href).toMatch(/^\/dashboard\/acme\/members\?page=2&sort=name&dir=asc&role=editor&q=road(\+|%20)map$/);
    expect(memberList.parse(new URL(href, "http://x").searchParams)).toEqual({ page: 2, size: 25, sort: "name", dir: "asc", role: "editor", q: "road map" });
    // Clearing a filter (undefined) drops it from the link.
    expect(publishedPostList.href("/p", { q: undefined, page: 3 })).toBe("/p?page=3");
  });
});
