"use server";

import { orgAction, userAction } from "@/server/authz/guard";
import * as operations from "./operations";

export const createOrganization = userAction(operations.createOrganization);
export const updateOrganization = orgAction(operations.updateOrganization);
export const deleteOrganization = orgAction(operations.deleteOrganization);
