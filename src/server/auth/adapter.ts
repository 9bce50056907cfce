import "server-only";
import { PrismaAdapter } from "@auth/prisma-adapter";
import type { Adapter } from "next-auth/adapters";
import { db } from "@/server/db";

// @auth/prisma-adapter types its argument as @prisma/client's PrismaClient, while Prisma 7 generates
// the client into src/generated. At run time the adapter only calls the user, account, session and
// verificationToken delegates, which ours has with the expected names (next-auth #13335).
type AdapterClient = Parameters<typeof PrismaAdapter>[0];

const prismaAdapter = PrismaAdapter(db as unknown as AdapterClient);

/**
 * Orgdesk never calls a provider's API, so it keeps none of the provider's tokens: the access,
 * refresh and ID tokens of a linked account are dropped here, never written to the database.
 */
export const authAdapter: Adapter = {
  ...prismaAdapter,
  linkAccount: (account) => {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { access_token, refresh_token, id_token, expires_at, expires_in, refresh_token_expires_in, ...kept } = account as typeof account &
      Record<string, unknown>;
    return prismaAdapter.linkAccount!(kept as typeof account);
  },
};
