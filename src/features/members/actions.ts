"use server";

import { orgAction, userAction } from "@/server/authz/guard";
import * as operations from "./operations";

// Server actions of the members feature; the JSON API (src/app/api/orgs/[org]/members) is built
// from the same operations (see operations.ts), so both paths enforce the same rules.

export const updateMemberRole = orgAction(operations.updateMemberRole);
export const removeMember = orgAction(operations.removeMember);
export const bulkUpdateMemberRoles = orgAction(operations.bulkUpdateMemberRoles);
export const bulkRemoveMembers = orgAction(operations.bulkRemoveMembers);
export const leaveOrganization = orgAction(operations.leaveOrganization);

export const inviteMember = orgAction(operations.inviteMember);
export const resendInvitation = orgAction(operations.resendInvitation);
export const revokeInvitation = orgAction(operations.revokeInvitation);
export const acceptInvitation = userAction(operations.acceptInvitation);
