// What tsc checks about the page adapter (`npm run typecheck` compiles this file): a page names the
// route param of its operation's target exactly when the operation loads one, and reads the
// operation's own result and input types. Nothing here runs: the modules are imported as types only.
import { describe, expectTypeOf, it } from "vitest";
import type * as postOperations from "@/features/posts/operations";
import type * as memberOperations from "@/features/members/operations";
import type { PageSize } from "@/features/members/schemas";
import type { Role } from "@/lib/roles";
import type * as page from "./page";

declare const loadOrgPage: typeof page.loadOrgPage;
declare const editPostPage: typeof postOperations.editPostPage;
declare const listMembers: typeof memberOperations.listMembers;

const params = { org: "acme", slug: "hello" };

/** Never called: each line is checked by tsc only. */
export function requestsTscRefuses() {
  // @ts-expect-error -- the editor's page loads a post: it must name the route param that holds it
  void loadOrgPage(editPostPage, { route: "/dashboard/[org]/posts/[slug]/edit", params });
  // @ts-expect-error -- the target must be one of the route's params
  void loadOrgPage(editPostPage, { route: "/dashboard/[org]/posts/[slug]/edit", params, target: "id" });
  // @ts-expect-error -- the member directory loads no target
  void loadOrgPage(listMembers, { route: "/dashboard/[org]/members", params, target: "slug" });
  // @ts-expect-error -- an org page's route is under /dashboard/[org]
  void loadOrgPage(listMembers, { route: "/settings/account", params });
}

/** Never called: the calls tsc accepts. */
export function requestsTscAccepts() {
  void loadOrgPage(editPostPage, { route: "/dashboard/[org]/posts/[slug]/edit", params, target: "slug" });
  return loadOrgPage(listMembers, { route: "/dashboard/[org]/members", params, searchParams: { page: "2" } });
}

describe("page adapter types", () => {
  it("a page reads its operation's input and result", () => {
    type MembersPage = Awaited<ReturnType<typeof requestsTscAccepts>>;
    expectTypeOf<MembersPage["input"]["size"]>().toEqualTypeOf<PageSize>();
    expectTypeOf<MembersPage["input"]["role"]>().toEqualTypeOf<Role | undefined>();
    expectTypeOf<MembersPage["data"]["total"]>().toEqualTypeOf<number>();
  });
});
