-- Triggers on or into rebuilt tables (User): dropped before the rebuild, created again after it.
DROP TRIGGER IF EXISTS "Membership_sortName_on_insert";
DROP TRIGGER IF EXISTS "User_name_to_Membership_sortName";

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT,
    "email" TEXT,
    "emailVerified" DATETIME,
    "image" TEXT,
    "passwordHash" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_User" ("createdAt", "email", "emailVerified", "id", "image", "name", "passwordHash", "updatedAt") SELECT "createdAt", "email", "emailVerified", "id", "image", "name", "passwordHash", "updatedAt" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
CREATE INDEX "User_name_idx" ON "User"("name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

CREATE TRIGGER "Membership_sortName_on_insert" AFTER INSERT ON "Membership"
BEGIN
    UPDATE "Membership" SET "sortName" = LOWER(COALESCE((SELECT "name" FROM "User" WHERE "id" = NEW."userId"), '')) WHERE "id" = NEW."id";
END;
CREATE TRIGGER "User_name_to_Membership_sortName" AFTER UPDATE OF "name" ON "User"
WHEN OLD."name" IS NOT NEW."name"
BEGIN
    UPDATE "Membership" SET "sortName" = LOWER(COALESCE(NEW."name", '')) WHERE "userId" = NEW."id";
END;
