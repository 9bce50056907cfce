import { exportAuditLog } from "@/features/audit/operations";
import { orgExport } from "@/server/authz/guard";

export const GET = orgExport(exportAuditLog);
