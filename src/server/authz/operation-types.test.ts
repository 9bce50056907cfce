// What tsc checks about operations and their adapters (`npm run typecheck` compiles this file; the
// lines below fail it if the types loosen): a caller's payload is the operation's input type, a
// target is passed exactly where one is loaded, an owned policy needs a target loader, and a
// denial's details are typed per code. Nothing here runs: the modules are imported as types only.
import { describe, expectTypeOf, it } from "vitest";
import type * as accountSettings from "@/features/accounts/settings-actions";
import type * as memberActions from "@/features/members/actions";
import type * as postActions from "@/features/posts/actions";
import type { PostConflict } from "@/features/posts/schemas";
import type * as guard from "./guard";

declare const updateMemberRole: typeof memberActions.updateMemberRole;
declare const removeMember: typeof memberActions.removeMember;
declare const bulkRemoveMembers: typeof memberActions.bulkRemoveMembers;
declare const updatePost: typeof postActions.updatePost;
declare const signOutOtherSessions: typeof accountSettings.signOutOtherSessions;
declare const deleteAccount: typeof accountSettings.deleteAccount;
declare const defineOrgOperation: typeof guard.defineOrgOperation;
declare const orgRoute: typeof guard.orgRoute;

const org = "acme";

/** Never called: each line is checked by tsc only. */
export function payloadsTscRefuses() {
  // @ts-expect-error -- a misspelt field of the wrong type
  void updateMemberRole({ org, target: "u1", input: { rol: 1 } });
  // @ts-expect-error -- the target is missing: the operation loads a member
  void updateMemberRole({ org, input: { role: "viewer" } });
  // @ts-expect-error -- not a role
  void updateMemberRole({ org, target: "u1", input: { role: "owner" } });
  // @ts-expect-error -- removing a member takes no input
  void removeMember({ org, target: "u1", input: { role: "viewer" } });
  // @ts-expect-error -- a bulk removal loads no target
  void bulkRemoveMembers({ org, target: "u1", input: { userIds: ["u1"] } });
  // @ts-expect-error -- the version a save started from is required
  void updatePost({ org, target: "p1", input: { title: "T", slug: "t", body: "b", excerpt: "" } });
  // @ts-expect-error -- a user action takes its input directly, not wrapped in { org, input }
  void deleteAccount({ org, input: { confirm: "DELETE" } });
  // @ts-expect-error -- an owned policy (posts.update) without a target loader
  defineOrgOperation({ policy: "posts.update", run: async () => "x" });
  // @ts-expect-error -- an operation that loads a target needs the route's path parameter for it
  orgRoute(defineOrgOperation({ policy: "members.remove", target: async () => ({ userId: "u1" }), run: async () => "x" }));
}

/** Never called: the calls tsc accepts. */
export function payloadsTscAccepts() {
  void updateMemberRole({ org, target: "u1", input: { role: "viewer" } });
  void removeMember({ org, target: "u1" });
  void bulkRemoveMembers({ org, input: { userIds: ["u1"] } });
  void signOutOtherSessions();
  void deleteAccount({ confirm: "DELETE", password: "secret" });
  defineOrgOperation({ policy: "posts.update", target: async () => ({ ownerId: "u1" }), run: async () => "x" });
}

describe("operation types", () => {
  it("a denial's details are typed per code: a post's conflict carries both versions", () => {
    type SaveResult = Awaited<ReturnType<typeof updatePost>>;
    type Conflict = Extract<SaveResult, { ok: false; code: "conflict" }>;
    expectTypeOf<Conflict["details"]>().toEqualTypeOf<PostConflict | undefined>();
    // Codes the operation declares nothing for carry no details.
    expectTypeOf<Extract<SaveResult, { ok: false; code: "forbidden" }>["details"]>().toEqualTypeOf<undefined>();
    // createPost declares no conflict details.
    expectTypeOf<Extract<Awaited<ReturnType<typeof postActions.createPost>>, { ok: false; code: "conflict" }>["details"]>().toEqualTypeOf<undefined>();
  });

  it("the action's argument and result come from the operation", () => {
    expectTypeOf<Parameters<typeof updateMemberRole>[0]>().toEqualTypeOf<
      { org: string } & { target: string } & { input: { role: "viewer" | "editor" | "admin" } }
    >();
    expectTypeOf<Extract<Awaited<ReturnType<typeof updatePost>>, { ok: true }>["data"]["slug"]>().toEqualTypeOf<string>();
  });
});
