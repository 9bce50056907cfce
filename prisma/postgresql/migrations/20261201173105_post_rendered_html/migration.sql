-- AlterTable
ALTER TABLE "Post" ADD COLUMN     "excerptDerived" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "html" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "htmlRenderer" TEXT NOT NULL DEFAULT '';
