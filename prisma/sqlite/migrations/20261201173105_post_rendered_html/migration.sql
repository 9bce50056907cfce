-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Post" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orgId" TEXT NOT NULL,
    "authorId" TEXT,
    "title" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "html" TEXT NOT NULL DEFAULT '',
    "htmlRenderer" TEXT NOT NULL DEFAULT '',
    "excerpt" TEXT,
    "excerptDerived" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "publishedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "Post_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Post" ("authorId", "body", "createdAt", "excerpt", "id", "orgId", "publishedAt", "slug", "status", "title", "updatedAt", "version") SELECT "authorId", "body", "createdAt", "excerpt", "id", "orgId", "publishedAt", "slug", "status", "title", "updatedAt", "version" FROM "Post";
DROP TABLE "Post";
ALTER TABLE "new_Post" RENAME TO "Post";
CREATE INDEX "Post_orgId_status_publishedAt_id_idx" ON "Post"("orgId", "status", "publishedAt", "id");
CREATE INDEX "Post_orgId_status_updatedAt_id_idx" ON "Post"("orgId", "status", "updatedAt", "id");
CREATE INDEX "Post_orgId_updatedAt_id_idx" ON "Post"("orgId", "updatedAt", "id");
CREATE INDEX "Post_orgId_authorId_idx" ON "Post"("orgId", "authorId");
CREATE UNIQUE INDEX "Post_orgId_slug_key" ON "Post"("orgId", "slug");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
