import { z } from "zod";
import { DEFAULT_DATABASE_URL, databaseProvider } from "./database-url";

// The app's environment, typed and validated in one place (.env.example documents every variable).
// `env.NAME` reads process.env.NAME when it is read, not once at import: tests and the demo change
// variables at run time, and a value read later is checked the same way. assertValidEnv() checks
// every variable when a server starts (src/instrumentation.ts) and stops it with a message naming
// each bad one, so a typo in a limit fails the deploy instead of being replaced by a default.
// An empty value counts as unset (.env.example lists variables with empty values).
//
// The few reads of process.env that stay outside this module, on purpose:
// - process.env.NEXT_RUNTIME in src/instrumentation.ts and src/server/worker-pool.ts: Next inlines
//   that exact expression at build time (it tells the Node.js bundle from the edge one);
// - src/serve.mjs: plain Node.js, it starts (and sets NODE_ENV) before any of this is loaded;
// - tooling that configures the app's processes rather than being the app: src/scripts,
//   src/bench, src/test, src/e2e, prisma/.
// eslint.config.mjs forbids process.env everywhere else.

function blankAsUnset(raw: string | undefined): string | undefined {
  const value = raw?.trim();
  return value ? value : undefined;
}

const text = () => z.string().optional().transform(blankAsUnset);

// A secret is used as written (Auth.js reads it untrimmed too); only a blank one counts as unset.
const secret = () =>
  z
    .string()
    .optional()
    .transform((raw) => (raw?.trim() ? raw : undefined));

const textOr = (fallback: string) =>
  z
    .string()
    .optional()
    .transform((raw) => blankAsUnset(raw) ?? fallback);

function wholeNumber(fallback: number, min: number, max?: number) {
  const range = max === undefined ? `${min} or more` : `from ${min} to ${max}`;
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const value = blankAsUnset(raw);
      if (value === undefined) return fallback;
      const number = Number(value);
      if (!/^\d+$/.test(value) || number < min || (max !== undefined && number > max)) {
        ctx.addIssue({ code: "custom", message: `must be a whole number ${range}` });
        return z.NEVER;
      }
      return number;
    });
}

function url(protocols: string[], example: string) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const value = blankAsUnset(raw);
      if (value === undefined) return undefined;
      let protocol: string;
      try {
        protocol = new URL(value).protocol;
      } catch {
        protocol = "";
      }
      if (!protocols.includes(protocol)) {
        ctx.addIssue({ code: "custom", message: `must be a URL such as ${example}` });
        return z.NEVER;
      }
      return value;
    });
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) {
  return z
    .string()
    .optional()
    .transform((raw, ctx): T[number] => {
      const value = blankAsUnset(raw);
      if (value === undefined) return fallback;
      if (!(values as readonly string[]).includes(value)) {
        ctx.addIssue({ code: "custom", message: `must be ${values.map((v) => `"${v}"`).join(" or ")}` });
        return z.NEVER;
      }
      return value;
    });
}

const schemas = {
  NODE_ENV: oneOf(["development", "production", "test"], "development"),
  // Set by Next while it builds ("phase-production-build").
  NEXT_PHASE: text(),

  // Auth.js
  AUTH_SECRET: secret(),
  AUTH_URL: url(["http:", "https:"], "https://orgdesk.example.com"),
  AUTH_SESSION_STRATEGY: oneOf(["jwt", "database"], "jwt"),
  // bcryptjs accepts costs up to 31; below 10 a hash is too cheap to guess at.
  BCRYPT_COST: wholeNumber(12, 10, 31),
  PASSWORD_HASH_THREADS: wholeNumber(1, 1),
  PASSWORD_HASH_QUEUE: wholeNumber(32, 1),
  SIGNIN_IP_LIMIT: wholeNumber(50, 1),
  SIGNIN_ACCOUNT_LIMIT: wholeNumber(100, 1),
  REGISTER_IP_LIMIT: wholeNumber(10, 1),
  TRUST_PROXY_HOPS: wholeNumber(0, 0, 16),

  // Sign-in providers (the GOOGLE_/GITHUB_CLIENT_* names are Auth.js's older spelling).
  AUTH_GOOGLE_ID: text(),
  AUTH_GOOGLE_SECRET: text(),
  GOOGLE_CLIENT_ID: text(),
  GOOGLE_CLIENT_SECRET: text(),
  AUTH_GITHUB_ID: text(),
  AUTH_GITHUB_SECRET: text(),
  GITHUB_CLIENT_ID: text(),
  GITHUB_CLIENT_SECRET: text(),
  AUTH_OIDC_ISSUER: url(["https:", "http:"], "https://idp.example.com"),
  AUTH_OIDC_ID: text(),
  AUTH_OIDC_SECRET: text(),
  AUTH_OIDC_NAME: textOr("Single sign-on"),

  // Data
  DATABASE_URL: textOr(DEFAULT_DATABASE_URL).superRefine((value, ctx) => {
    try {
      databaseProvider(value);
    } catch {
      ctx.addIssue({ code: "custom", message: "must be file:./path/to.db (SQLite) or postgres://user@host:5432/db (PostgreSQL)" });
    }
  }),
  DATABASE_POOL_SIZE: wholeNumber(10, 1),
  REDIS_URL: url(["redis:", "rediss:"], "redis://127.0.0.1:6379"),

  // Email
  SMTP_URL: url(["smtp:", "smtps:"], "smtp://user:pass@smtp.example.com:587"),
  SMTP_FROM: text(),
  INVITATION_EMAILS_PER_HOUR_TOTAL: wholeNumber(500, 1),

  // Posts
  CONTENT_IMAGE_HOSTS: textOr(""),
  MARKDOWN_RENDER_THREADS: wholeNumber(1, 1),
  MARKDOWN_RENDER_BUDGET_MS: wholeNumber(2_000, 1),
  MARKDOWN_RENDER_QUEUE: wholeNumber(64, 1),
};

type Schemas = typeof schemas;
export type EnvName = keyof Schemas;
export type Env = { readonly [Name in EnvName]: z.output<Schemas[Name]> };

const names = Object.keys(schemas) as EnvName[];

/** One or more variables that do not pass their rule; the message names each (never its value: some are secrets). */
export class InvalidEnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment: ${problems.join("; ")}. See .env.example.`);
    this.name = "InvalidEnvError";
  }
}

function parseVariable<Name extends EnvName>(name: Name, raw: string | undefined): Env[Name] {
  const result = schemas[name].safeParse(raw);
  if (!result.success) throw new InvalidEnvError(result.error.issues.map((issue) => `${name} ${issue.message}`));
  return result.data as Env[Name];
}

/** Every variable of `source`, parsed; throws one InvalidEnvError naming every bad variable. */
export function readEnv(source: Record<string, string | undefined>): Env {
  const problems: string[] = [];
  const values: Partial<Record<EnvName, unknown>> = {};
  for (const name of names) {
    try {
      values[name] = parseVariable(name, source[name]);
    } catch (error) {
      if (!(error instanceof InvalidEnvError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new InvalidEnvError(problems);
  return values as Env;
}

/** The app's environment: each property parses its variable when read. */
export const env: Env = Object.defineProperties(
  {},
  Object.fromEntries(names.map((name) => [name, { enumerable: true, get: () => parseVariable(name, process.env[name]) }])),
) as Env;

/** At start-up: stop with a clear message when a variable is invalid. */
export function assertValidEnv(source: Record<string, string | undefined> = process.env): void {
  try {
    readEnv(source);
  } catch (error) {
    if (!(error instanceof InvalidEnvError)) throw error;
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }
}
