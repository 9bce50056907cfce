-- DropIndex
DROP INDEX "Membership_orgId_createdAt_idx";

-- DropIndex
DROP INDEX "Membership_orgId_role_idx";

-- DropIndex
DROP INDEX "Post_orgId_status_publishedAt_idx";

-- AlterTable
ALTER TABLE "Membership" ADD COLUMN     "sortName" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "Membership_orgId_role_sortName_userId_createdAt_idx" ON "Membership"("orgId", "role", "sortName", "userId", "createdAt");

-- CreateIndex
CREATE INDEX "Membership_orgId_sortName_userId_role_createdAt_idx" ON "Membership"("orgId", "sortName", "userId", "role", "createdAt");

-- CreateIndex
CREATE INDEX "Membership_orgId_role_createdAt_id_idx" ON "Membership"("orgId", "role", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Membership_orgId_createdAt_id_idx" ON "Membership"("orgId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Post_orgId_status_publishedAt_id_idx" ON "Post"("orgId", "status", "publishedAt", "id");

-- CreateIndex
CREATE INDEX "Post_orgId_status_updatedAt_id_idx" ON "Post"("orgId", "status", "updatedAt", "id");

-- CreateIndex
CREATE INDEX "Post_orgId_updatedAt_id_idx" ON "Post"("orgId", "updatedAt", "id");

-- Membership.sortName: the member's name in lower case, kept by the database (not the app) so that
-- every way a membership or a name is written keeps the directory's sort index right.
UPDATE "Membership" m SET "sortName" = LOWER(COALESCE(u."name", '')) FROM "User" u WHERE u."id" = m."userId";

CREATE FUNCTION "membership_sort_name"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    NEW."sortName" := LOWER(COALESCE((SELECT "name" FROM "User" WHERE "id" = NEW."userId"), ''));
    RETURN NEW;
END
$$;

CREATE TRIGGER "Membership_sortName_on_write" BEFORE INSERT OR UPDATE OF "userId", "sortName" ON "Membership"
FOR EACH ROW EXECUTE FUNCTION "membership_sort_name"();

CREATE FUNCTION "user_name_to_membership_sort_name"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE "Membership" SET "sortName" = LOWER(COALESCE(NEW."name", '')) WHERE "userId" = NEW."id";
    RETURN NEW;
END
$$;

CREATE TRIGGER "User_name_to_Membership_sortName" AFTER UPDATE OF "name" ON "User"
FOR EACH ROW WHEN (OLD."name" IS DISTINCT FROM NEW."name") EXECUTE FUNCTION "user_name_to_membership_sort_name"();
