import { NextRequest } from "next/server";
import { handlers } from "@/auth";
import { attemptSource } from "@/features/accounts/credentials";
import { peekSignIn, tooManyAttemptsMessage } from "@/features/accounts/sign-in-limits";
import { unlessSessionUncheckable } from "@/server/auth/session-check";
import { publicEntry } from "@/server/authz/guard";
import { readBodyText } from "@/server/request-body";

// While a session cannot be checked (an outage), Auth.js would answer "no session" and clear the
// cookie: these answer 503 instead and leave the cookie alone.
export const GET = publicEntry("auth.handlers", (request: NextRequest) => unlessSessionUncheckable(() => handlers.GET(request)));

/**
 * Auth.js's endpoints. A direct POST to the credentials callback (an API-style client, a script)
 * that is over its attempt budget gets a plain 429 instead of Auth.js's error redirect. The same
 * budget is enforced again inside authorize() for the sign-in form's server action.
 */
/** Auth.js's forms are a few short fields; it would otherwise buffer any body before anyone signs in. */
const AUTH_BODY_LIMIT = 64 * 1024;

export const POST = publicEntry("auth.handlers", async (received: NextRequest) => {
  const text = await readBodyText(received, AUTH_BODY_LIMIT);
  if (text === null) {
    return Response.json({ error: { code: "invalid", message: "The request body is too large." } }, { status: 413 });
  }
  const request = new NextRequest(received.url, { method: received.method, headers: received.headers, body: text });
  if (request.nextUrl.pathname.endsWith("/callback/credentials")) {
    const form = await request
      .clone()
      .formData()
      .catch(() => null);
    const email = String(form?.get("email") ?? "");
    const verdict = await peekSignIn(email, attemptSource(request, email));
    if (!verdict.allowed) {
      const retryAfter = Math.ceil(verdict.retryAfterMs / 1000);
      return Response.json(
        { error: { code: "rate_limited", message: tooManyAttemptsMessage(verdict.retryAfterMs) } },
        { status: 429, headers: { "Retry-After": String(retryAfter) } },
      );
    }
  }
  return unlessSessionUncheckable(() => handlers.POST(request));
});
