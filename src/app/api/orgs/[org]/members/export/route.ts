import { exportMemberList } from "@/features/members/operations";
import { orgExport } from "@/server/authz/guard";

export const GET = orgExport(exportMemberList);
