import { z } from "zod";
import { PASSWORD_MAX, passwordProblem } from "./password-policy";

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

export const registerSchema = z
  .object({
    name: z.string({ error: "Enter your name." }).trim().min(1, "Enter your name.").max(100, "Use at most 100 characters."),
    email: emailSchema,
    password: z.string({ error: "Choose a password." }).max(PASSWORD_MAX * 4),
    confirmPassword: z.string({ error: "Repeat the password." }),
  })
  .superRefine((value, ctx) => {
    const problem = passwordProblem(value.password, { email: value.email, name: value.name });
    if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
    if (value.password !== value.confirmPassword) {
      ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "The passwords do not match." });
    }
  });
export type RegisterInput = z.infer<typeof registerSchema>;
