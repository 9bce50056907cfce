import "server-only";
import { PrismaAdapter } from "@auth/prisma-adapter";
import type { Adapter } from "next-auth/adapters";
import { db } from "@/server/db";

// @auth/prisma-adapter types its argument as @prisma/client's PrismaClient, while Prisma 7 generates
// the client into src/generated. At run time the adapter only calls the user, account, session and
// verificationToken delegates, which ours has with the expected names (next-auth #13335).
type AdapterClient = Parameters<typeof PrismaAdapter>[0];

export const authAdapter: Adapter = PrismaAdapter(db as unknown as AdapterClient);
