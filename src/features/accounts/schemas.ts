import { z } from "zod";
import { withoutControlCharacters } from "@/lib/text";
import { PASSWORD_MAX, passwordLengthProblem } from "./password-policy";

// One set of schemas for the forms (react-hook-form resolvers) and the server actions.

export const emailSchema = z
  .string({ error: "Enter your email address." })
  .trim()
  .toLowerCase()
  .min(1, "Enter your email address.")
  .max(254, "That email address is too long.")
  .pipe(z.email("Enter a valid email address."));

export const signInSchema = z.object({
  email: emailSchema,
  // Checked against the hash, not the policy: old passwords may predate today's rules.
  password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(1024),
});
export type SignInInput = z.infer<typeof signInSchema>;

/** A person's name as registration and the profile take it: the same rule and messages in both. */
const personNameSchema = z
  .string({ error: "Enter your name." })
  .trim()
  .min(1, "Enter your name.")
  .max(100, "Use at most 100 characters.")
  .refine(...withoutControlCharacters);

export const registerSchema = z
  .object({
    name: personNameSchema,
    email: emailSchema,
    password: z.string({ error: "Choose a password." }).max(PASSWORD_MAX * 4),
    confirmPassword: z.string({ error: "Repeat the password." }),
  })
  .superRefine((value, ctx) => {
    // The length here; how guessable it is, on the server (newPasswordProblem in the action).
    const problem = passwordLengthProblem(value.password);
    if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
    if (value.password !== value.confirmPassword) {
      ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "The passwords do not match." });
    }
  });
export type RegisterInput = z.infer<typeof registerSchema>;

// ---------------------------------------------------------------- account settings

export const profileSchema = z.object({
  name: personNameSchema,
  image: z
    .string()
    .trim()
    .max(2048, "That address is too long.")
    .refine((value) => value === "" || isHttpsUrl(value), "Use an https:// image address, or leave it empty.")
    .transform((value) => (value === "" ? null : value)),
});
export type ProfileFormValues = z.input<typeof profileSchema>;
export type ProfileOutput = z.output<typeof profileSchema>;

function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" && url.hostname.length > 0 && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** The form checks the length; the server also checks how guessable it is (newPasswordProblem), with the user's name and email. */
export const changePasswordSchema = z
  .object({
    /** Empty when an OAuth-only account sets its first password. */
    currentPassword: z.string().max(1024).default(""),
    newPassword: z
      .string({ error: "Choose a password." })
      .min(1, "Choose a password.")
      .max(PASSWORD_MAX * 4),
    confirmPassword: z.string({ error: "Repeat the password." }),
    /** "Also disconnect linked sign-in methods": off unless ticked. */
    disconnectProviders: z.boolean().default(false),
  })
  .superRefine((value, ctx) => {
    const problem = passwordLengthProblem(value.newPassword);
    if (problem) ctx.addIssue({ code: "custom", path: ["newPassword"], message: problem });
    if (value.newPassword !== value.confirmPassword) {
      ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "The passwords do not match." });
    }
  });
export type ChangePasswordInput = z.input<typeof changePasswordSchema>;

export const sessionIdSchema = z.object({ sessionId: z.string().min(1).max(128) });
export const accountIdSchema = z.object({ accountId: z.string().min(1).max(128) });

export const connectProviderSchema = z.object({
  provider: z.string().min(1).max(32),
  /** The current password, for accounts that have one; otherwise a sign-in within the last 5 minutes. */
  password: z.string().max(1024).default(""),
});

export const deleteAccountSchema = z.object({
  /** Required for accounts with a password; OAuth-only accounts re-authenticate by signing in again. */
  password: z.string().max(1024).default(""),
  confirm: z.literal("DELETE", { error: "Type DELETE to confirm." }),
});
export type DeleteAccountInput = z.input<typeof deleteAccountSchema>;
