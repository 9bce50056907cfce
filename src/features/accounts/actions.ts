"use server";

import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { signIn, signOut } from "@/auth";
import { safeCallbackUrl } from "@/lib/safe-redirect";
import { GuardError } from "@/server/authz/errors";
import { publicEntry } from "@/server/authz/guard";
import { hashPassword } from "@/server/password";
import { clientIp } from "@/server/request-ip";
import { SERVICE_BUSY_CODE, SERVICE_BUSY_MESSAGE } from "./auth-errors";
import { retryAfterFromCode } from "./credentials";
import { oauthProviderConfigs } from "./providers";
import { newPasswordProblem } from "./new-password";
import { createPasswordUser } from "./queries";
import { registerSchema } from "./schemas";
import { takeRegistration, tooManyAttemptsMessage } from "./sign-in-limits";

// Sign-in, registration and sign-out. These run before there is a session (or to end one), so they
// are the public entries of the policy table; every org-scoped action goes through the guard.

export type SignInState = { error?: string; email?: string };

const INVALID_CREDENTIALS = "Invalid email or password.";

/** Email + password. Works without JavaScript: the form posts here and the page re-renders with the state. */
export const signInWithPassword = publicEntry("auth.signIn", async (_previous: SignInState, formData: FormData): Promise<SignInState> => {
  const email = String(formData.get("email") ?? "").slice(0, 254);
  try {
    await signIn("credentials", {
      email,
      password: String(formData.get("password") ?? ""),
      redirectTo: safeCallbackUrl(formData.get("callbackUrl")),
    });
    return {};
  } catch (error) {
    if (error instanceof AuthError) return { error: signInErrorMessage(error), email };
    throw error; // the redirect after success
  }
});

function signInErrorMessage(error: AuthError): string {
  if (error.type === "CredentialsSignin") {
    const code = (error as AuthError & { code?: string }).code;
    if (code === SERVICE_BUSY_CODE) return SERVICE_BUSY_MESSAGE;
    const retryAfterMs = retryAfterFromCode(code);
    return retryAfterMs === null ? INVALID_CREDENTIALS : tooManyAttemptsMessage(retryAfterMs);
  }
  return "Something went wrong. Please try again.";
}

/** Starts an OAuth/OIDC redirect flow for a configured provider. */
export const signInWithProvider = publicEntry("auth.signIn", async (formData: FormData): Promise<void> => {
  const provider = String(formData.get("provider") ?? "");
  if (!oauthProviderConfigs().some((p) => p.id === provider)) throw new Error("Unknown sign-in provider.");
  await signIn(provider, { redirectTo: safeCallbackUrl(formData.get("callbackUrl")) });
});

export type RegisterField = "name" | "email" | "password" | "confirmPassword";
export type RegisterState = {
  error?: string;
  fieldErrors?: Partial<Record<RegisterField, string>>;
  values?: { name: string; email: string };
};

export const register = publicEntry("auth.register", async (_previous: RegisterState, formData: FormData): Promise<RegisterState> => {
  const raw = Object.fromEntries(["name", "email", "password", "confirmPassword"].map((k) => [k, formData.get(k) ?? ""]));
  const values = { name: String(raw.name).slice(0, 100), email: String(raw.email).slice(0, 254) };
  const parsed = registerSchema.safeParse(raw);
  if (!parsed.success) {
    const fieldErrors: RegisterState["fieldErrors"] = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as RegisterField;
      fieldErrors[field] ??= issue.message;
    }
    return { fieldErrors, values };
  }

  const { name, email, password } = parsed.data;
  const passwordProblem = await newPasswordProblem(password, { name, email });
  if (passwordProblem) return { fieldErrors: { password: passwordProblem }, values };

  // Every registration counts, the accounts created too: one source cannot mint accounts in bulk.
  const verdict = await takeRegistration(clientIp(await headers()));
  if (!verdict.allowed) return { error: tooManyAttemptsMessage(verdict.retryAfterMs), values };

  let passwordHash: string;
  try {
    passwordHash = await hashPassword(password);
  } catch (error) {
    if (error instanceof GuardError && error.code === "unavailable") return { error: SERVICE_BUSY_MESSAGE, values };
    throw error;
  }
  const user = await createPasswordUser({ name, email, passwordHash });
  if (!user) {
    // Same words whether or not the address is known to us.
    return {
      error: "We could not create an account with these details. If you already have an account, sign in instead.",
      values,
    };
  }
  try {
    await signIn("credentials", { email, password, redirectTo: "/dashboard" });
  } catch (error) {
    if (error instanceof AuthError) return { error: "Your account was created. Please sign in.", values };
    throw error;
  }
  return {};
});

/** Ends this browser's session (and, in database mode, its Session row). */
export const signOutAction = publicEntry("auth.signOut", async (): Promise<void> => {
  await signOut({ redirectTo: "/login" });
});
