-- DropIndex
DROP INDEX "AuditEvent_orgId_createdAt_idx";

-- CreateIndex
CREATE INDEX "AuditEvent_orgId_createdAt_id_idx" ON "AuditEvent"("orgId", "createdAt", "id");
