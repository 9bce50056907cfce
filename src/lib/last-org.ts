/**
 * The cookie that remembers the organization last opened, so /dashboard can return to it (a
 * preference, not access). Here, not in the client component that sets it: a server module that
 * imports from a "use client" module gets a client reference, not the string.
 */
export const LAST_ORG_COOKIE = "orgdesk-last-org";
