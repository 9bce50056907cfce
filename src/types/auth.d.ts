import type { DefaultSession } from "next-auth";

declare module "next-auth" {
  interface Session {
    user: { id: string } & DefaultSession["user"];
    /** SHA-256 of this session's id (the Session row's sessionToken): marks "this device". */
    sessionKey?: string;
  }
}

// Auth.js v5 reads the JWT type from @auth/core (augmenting "next-auth/jwt" fails with TS2664).
declare module "@auth/core/jwt" {
  interface JWT {
    /** Database-session mode: the opaque id of the Session row this cookie stands for. */
    sid?: string;
  }
}
