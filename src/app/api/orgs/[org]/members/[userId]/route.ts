import { removeMember, updateMemberRole } from "@/features/members/operations";
import { orgRoute } from "@/server/authz/guard";

/** `{ "role": "viewer" | "editor" | "admin" }` → the change made (empty when the role was already that). */
export const PATCH = orgRoute(updateMemberRole, { target: "userId" });

export const DELETE = orgRoute(removeMember, { target: "userId" });
