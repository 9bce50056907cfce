-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN     "emailedAt" TIMESTAMP(3),
ADD COLUMN     "pendingEmail" TEXT;

-- Written by hand: existing rows. Their emails went out before they were saved (the old flow).
UPDATE "Invitation" SET "emailedAt" = "createdAt";
-- One open invitation per org and address: of earlier duplicates, the newest stays open and the
-- older ones are revoked, as of the newest one's creation.
UPDATE "Invitation" AS i SET "revokedAt" = (
    SELECT MAX(n."createdAt") FROM "Invitation" AS n
    WHERE n."orgId" = i."orgId" AND n."email" = i."email" AND n."acceptedAt" IS NULL AND n."revokedAt" IS NULL
)
WHERE i."acceptedAt" IS NULL AND i."revokedAt" IS NULL AND EXISTS (
    SELECT 1 FROM "Invitation" AS n
    WHERE n."orgId" = i."orgId" AND n."email" = i."email" AND n."acceptedAt" IS NULL AND n."revokedAt" IS NULL
      AND (n."createdAt" > i."createdAt" OR (n."createdAt" = i."createdAt" AND n."id" > i."id"))
);
UPDATE "Invitation" SET "pendingEmail" = "email" WHERE "acceptedAt" IS NULL AND "revokedAt" IS NULL;

-- CreateIndex
CREATE INDEX "Invitation_invitedById_idx" ON "Invitation"("invitedById");

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_orgId_pendingEmail_key" ON "Invitation"("orgId", "pendingEmail");
