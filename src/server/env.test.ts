import { afterEach, describe, expect, it, vi } from "vitest";
import { assertValidEnv, env, InvalidEnvError, readEnv } from "./env";

describe("env", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it("gives every variable its documented default when unset or blank", () => {
    const values = readEnv({ REDIS_URL: "", SIGNIN_IP_LIMIT: "  " });
    expect(values).toMatchObject({
      AUTH_SESSION_STRATEGY: "jwt",
      BCRYPT_COST: 12,
      SIGNIN_IP_LIMIT: 50,
      TRUST_PROXY_HOPS: 0,
      DATABASE_URL: "file:./data/orgdesk.db",
      INVITATION_EMAILS_PER_HOUR_TOTAL: 500,
      CONTENT_IMAGE_HOSTS: "",
      AUTH_OIDC_NAME: "Single sign-on",
    });
    expect(values.REDIS_URL).toBeUndefined();
  });

  it("parses numbers and keeps a secret as written", () => {
    const values = readEnv({ SIGNIN_IP_LIMIT: "3", TRUST_PROXY_HOPS: "2", AUTH_SECRET: " spaced secret " });
    expect(values).toMatchObject({ SIGNIN_IP_LIMIT: 3, TRUST_PROXY_HOPS: 2, AUTH_SECRET: " spaced secret " });
  });

  it("names every bad variable, and never its value", () => {
    const source = {
      SIGNIN_IP_LIMIT: "fifty",
      BCRYPT_COST: "8",
      AUTH_SESSION_STRATEGY: "cookie",
      REDIS_URL: "localhost:6379",
      DATABASE_URL: "mysql://root:hunter2@db/orgdesk",
    };
    let error: unknown;
    try {
      readEnv(source);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidEnvError);
    expect((error as InvalidEnvError).problems).toEqual([
      'AUTH_SESSION_STRATEGY must be "jwt" or "database"',
      "BCRYPT_COST must be a whole number from 10 to 31",
      "SIGNIN_IP_LIMIT must be a whole number 1 or more",
      "DATABASE_URL must be file:./path/to.db (SQLite) or postgres://user@host:5432/db (PostgreSQL)",
      "REDIS_URL must be a URL such as redis://127.0.0.1:6379",
    ]);
    expect((error as Error).message).not.toContain("hunter2");
  });

  it("reads a variable when it is read, so a change applies at once", () => {
    vi.stubEnv("REGISTER_IP_LIMIT", "3");
    expect(env.REGISTER_IP_LIMIT).toBe(3);
    vi.stubEnv("REGISTER_IP_LIMIT", "");
    expect(env.REGISTER_IP_LIMIT).toBe(10);
    vi.stubEnv("REGISTER_IP_LIMIT", "none");
    expect(() => env.REGISTER_IP_LIMIT).toThrow(/REGISTER_IP_LIMIT must be a whole number/);
  });

  it("stops a starting server on a bad variable, with the message", () => {
    const exit = vi.spyOn(process, "exit").mockImplementation(() => undefined as never);
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    assertValidEnv({ TRUST_PROXY_HOPS: "-1" });
    expect(exit).toHaveBeenCalledWith(1);
    expect(log.mock.calls[0]![0]).toMatch(/TRUST_PROXY_HOPS must be a whole number from 0 to 16/);
    exit.mockClear();
    assertValidEnv({});
    expect(exit).not.toHaveBeenCalled();
  });
});
