"use server";

import { userAction } from "@/server/authz/guard";
import * as operations from "./operations";

// Account settings (/settings/account): the signed-in user's own account (see operations.ts).

export const updateProfile = userAction(operations.updateProfile);
export const changePassword = userAction(operations.changePassword);
export const revokeSession = userAction(operations.revokeSession);
export const signOutOtherSessions = userAction(operations.signOutOtherSessions);
export const connectProvider = userAction(operations.connectProvider);
export const unlinkAccount = userAction(operations.unlinkAccount);
export const deleteAccount = userAction(operations.deleteAccount);
