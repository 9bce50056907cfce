import { removeMemberSpec, updateRoleSpec } from "@/features/members/operations";
import { orgRoute } from "@/server/authz/guard";

/** `{ "role": "viewer" | "editor" | "admin" }` → the change made (empty when the role was already that). */
export const PATCH = orgRoute({ ...updateRoleSpec, targetParam: "userId" });

export const DELETE = orgRoute({ ...removeMemberSpec, targetParam: "userId" });
