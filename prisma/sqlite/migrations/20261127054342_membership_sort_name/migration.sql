-- DropIndex
DROP INDEX "Post_orgId_status_publishedAt_idx";

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Membership" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sortName" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "Membership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Membership_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Membership" ("createdAt", "id", "orgId", "role", "userId") SELECT "createdAt", "id", "orgId", "role", "userId" FROM "Membership";
DROP TABLE "Membership";
ALTER TABLE "new_Membership" RENAME TO "Membership";
CREATE INDEX "Membership_orgId_role_sortName_userId_createdAt_idx" ON "Membership"("orgId", "role", "sortName", "userId", "createdAt");
CREATE INDEX "Membership_orgId_sortName_userId_role_createdAt_idx" ON "Membership"("orgId", "sortName", "userId", "role", "createdAt");
CREATE INDEX "Membership_orgId_role_createdAt_id_idx" ON "Membership"("orgId", "role", "createdAt", "id");
CREATE INDEX "Membership_orgId_createdAt_id_idx" ON "Membership"("orgId", "createdAt", "id");
CREATE UNIQUE INDEX "Membership_userId_orgId_key" ON "Membership"("userId", "orgId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Post_orgId_status_publishedAt_id_idx" ON "Post"("orgId", "status", "publishedAt", "id");

-- CreateIndex
CREATE INDEX "Post_orgId_status_updatedAt_id_idx" ON "Post"("orgId", "status", "updatedAt", "id");

-- CreateIndex
CREATE INDEX "Post_orgId_updatedAt_id_idx" ON "Post"("orgId", "updatedAt", "id");

-- Membership.sortName: the member's name in lower case, kept by the database (not the app) so that
-- every way a membership or a name is written keeps the directory's sort index right.
UPDATE "Membership" SET "sortName" = LOWER(COALESCE((SELECT "name" FROM "User" WHERE "User"."id" = "Membership"."userId"), ''));

CREATE TRIGGER "Membership_sortName_on_insert" AFTER INSERT ON "Membership"
BEGIN
    UPDATE "Membership" SET "sortName" = LOWER(COALESCE((SELECT "name" FROM "User" WHERE "id" = NEW."userId"), '')) WHERE "id" = NEW."id";
END;

CREATE TRIGGER "User_name_to_Membership_sortName" AFTER UPDATE OF "name" ON "User"
WHEN OLD."name" IS NOT NEW."name"
BEGIN
    UPDATE "Membership" SET "sortName" = LOWER(COALESCE(NEW."name", '')) WHERE "userId" = NEW."id";
END;
