"use server";

import { orgAction, userAction } from "@/server/authz/guard";
import { acceptInvitationSpec, createInvitationSpec, resendInvitationSpec, revokeInvitationSpec } from "./invitations";
import { bulkRemoveSpec, bulkRoleSpec, leaveSpec, removeMemberSpec, updateRoleSpec } from "./operations";

// Server actions of the members feature. Each is the guard wrapped around a spec that the JSON API
// shares (src/app/api/orgs/[org]/members), so both paths enforce the same rules.

/** `{ org, target: userId, input: { role } }` */
export const updateMemberRole = orgAction(updateRoleSpec);
/** `{ org, target: userId }` */
export const removeMember = orgAction(removeMemberSpec);
/** `{ org, input: { userIds, role } }`: all or nothing. */
export const bulkUpdateMemberRoles = orgAction(bulkRoleSpec);
/** `{ org, input: { userIds } }`: all or nothing. */
export const bulkRemoveMembers = orgAction(bulkRemoveSpec);
/** `{ org, input: { confirm: true } }` */
export const leaveOrganization = orgAction(leaveSpec);

/** `{ org, input: { email, role } }` */
export const inviteMember = orgAction(createInvitationSpec);
/** `{ org, target: invitationId }` */
export const resendInvitation = orgAction(resendInvitationSpec);
/** `{ org, target: invitationId }` */
export const revokeInvitation = orgAction(revokeInvitationSpec);
/** `{ token }`, by the signed-in person the invitation was sent to. */
export const acceptInvitation = userAction(acceptInvitationSpec);
