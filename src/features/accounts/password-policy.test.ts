import { describe, expect, it } from "vitest";
import { COMMON_PASSWORDS } from "./common-passwords";
import { PASSWORD_MAX, PASSWORD_MIN, passwordProblem } from "./password-policy";

const TOO_SHORT = "Use at least 8 characters.";
const TOO_LONG = "This password is too long. Use at most 128 characters.";
const TOO_COMMON = "This password is too common. Choose one that is harder to guess.";
const IS_EMAIL = "Don't use your email address as your password.";
const IS_NAME = "Don't use your name as your password.";

describe("passwordProblem", () => {
  it("accepts an ordinary strong password", () => {
    expect(passwordProblem("correct horse battery staple")).toBeNull();
    expect(passwordProblem("Tr0ub4dor&3x")).toBeNull();
  });

  describe("length", () => {
    it("refuses fewer than 8 characters, accepts exactly 8", () => {
      expect(passwordProblem("")).toBe(TOO_SHORT);
      expect(passwordProblem("x7#kq2L")).toBe(TOO_SHORT);
      expect(passwordProblem("x7#kq2Lp")).toBeNull();
      expect(PASSWORD_MIN).toBe(8);
    });

    it("counts an emoji as one character, not as its UTF-16 units or bytes", () => {
      // 7 emoji: 14 UTF-16 units and 28 bytes, still 7 characters.
      expect("🔑🐙🌵🚲🎻🧊🦉".length).toBe(14);
      expect(passwordProblem("🔑🐙🌵🚲🎻🧊🦉")).toBe(TOO_SHORT);
      expect(passwordProblem("🔑🐙🌵🚲🎻🧊🦉🍋")).toBeNull();
    });

    it("counts accented letters as one character each", () => {
      expect(passwordProblem("çàéîõüñ")).toBe(TOO_SHORT);
      expect(passwordProblem("çàéîõüñø")).toBeNull();
    });

    it("refuses more than 128 characters", () => {
      expect(PASSWORD_MAX).toBe(128);
      expect(passwordProblem("a1".repeat(65))).toBe(TOO_LONG);
    });
  });

  it("accepts 128 characters of any script (bcrypt's 72-byte limit is handled by pre-hashing)", () => {
    expect(passwordProblem("k9!".repeat(42) + "zz")).toBeNull();
    expect(passwordProblem("密".repeat(128))).toBeNull();
    expect(passwordProblem("🔑🐙🌵🚲🎻🧊🦉🍋".repeat(16))).toBeNull();
    expect(passwordProblem("🔑🐙🌵🚲🎻🧊🦉🍋".repeat(16) + "🦉")).toBe(TOO_LONG);
  });

  describe("common passwords", () => {
    it.each(["password", "12345678", "qwertyuiop", "iloveyou", "password1", "letmein1", "sunshine", "1q2w3e4r"])(
      "refuses %s",
      (password) => {
        expect(passwordProblem(password)).toBe(TOO_COMMON);
      },
    );

    it("compares case-insensitively", () => {
      expect(passwordProblem("PASSWORD")).toBe(TOO_COMMON);
      expect(passwordProblem("Password1")).toBe(TOO_COMMON);
      expect(passwordProblem("QwErTy123")).toBe(TOO_COMMON);
    });

    it("accepts a password that merely contains a common one", () => {
      expect(passwordProblem("password-for-the-boathouse")).toBeNull();
    });

    it("holds about 200 lowercase entries, including the best-known ones", () => {
      expect(COMMON_PASSWORDS.size).toBeGreaterThanOrEqual(200);
      for (const entry of COMMON_PASSWORDS) expect(entry).toBe(entry.toLowerCase());
      for (const known of ["123456", "password", "qwerty", "letmein", "iloveyou", "password1", "12345678"]) {
        expect(COMMON_PASSWORDS.has(known)).toBe(true);
      }
    });
  });

  describe("personal information", () => {
    const context = { email: "Ada.Lovelace@Example.com", name: "Ada Lovelace" };

    it("refuses the email address, whatever its case", () => {
      expect(passwordProblem("ada.lovelace@example.com", context)).toBe(IS_EMAIL);
      expect(passwordProblem("ADA.LOVELACE@EXAMPLE.COM", context)).toBe(IS_EMAIL);
    });

    it("refuses the email's local part", () => {
      expect(passwordProblem("ada.lovelace", context)).toBe(IS_EMAIL);
      expect(passwordProblem("Ada.Lovelace", context)).toBe(IS_EMAIL);
    });

    it("refuses the name, with or without its spaces", () => {
      expect(passwordProblem("ada lovelace", context)).toBe(IS_NAME);
      expect(passwordProblem("AdaLovelace", context)).toBe(IS_NAME);
    });

    it("accepts a password that only contains them", () => {
      expect(passwordProblem("ada.lovelace-analytical-engine", context)).toBeNull();
      expect(passwordProblem("ada.lovelace@example.com")).toBeNull();
    });

    it("matches an email without a local part only as a whole", () => {
      expect(passwordProblem("@example.com", { email: "@example.com" })).toBe(IS_EMAIL);
      expect(passwordProblem("zq8!vLm2", { email: "@example.com" })).toBeNull();
    });
  });
});
