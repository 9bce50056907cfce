import { describe, expect, it } from "vitest";
import { PASSWORD_MAX, PASSWORD_MIN } from "./password-policy";
import { newPasswordProblem } from "./new-password";

const TOO_SHORT = "Use at least 8 characters.";
const TOO_LONG = "This password is too long. Use at most 128 characters.";
const GUESSABLE = /^This password is too easy to guess\.( [^.]+\.)? Add another word or two; uncommon words are better\.$/;
const PERSONAL = "Don't build your password on your name or email address. Choose one that is harder to guess.";

describe("newPasswordProblem", () => {
  it("accepts passwords that are hard to guess, in any script", async () => {
    for (const password of ["correct horse battery staple", "Tr0ub4dor&3x", "password-for-the-boathouse", "🔑🐙🌵🚲🎻🧊🦉🍋", "密码是一个很长的句子"]) {
      expect(await newPasswordProblem(password), password).toBeNull();
    }
  });

  it("refuses what an attacker tries first: repeats, common passwords and their variants", async () => {
    for (const password of [" ".repeat(8), "aaaaaaaa", "iloveyou123", "password", "Password1", "P@ssw0rd!", "qwertyuiop", "12345678", "11111111"]) {
      expect(await newPasswordProblem(password), JSON.stringify(password)).toMatch(GUESSABLE);
    }
  });

  it("refuses a password built on the user's own name or email", async () => {
    expect(await newPasswordProblem("Jane1234", { name: "Jane", email: "jane@example.com" })).toBe(PERSONAL);
    const ada = { name: "Ada Lovelace", email: "Ada.Lovelace@Example.com" };
    for (const password of ["ada.lovelace@example.com", "AdaLovelace", "lovelace2024"]) {
      expect(await newPasswordProblem(password, ada), password).toBe(PERSONAL);
    }
    expect(await newPasswordProblem("ada.lovelace-analytical-engine", ada)).toBeNull();
  });

  it("counts characters, not UTF-16 units, between the bounds", async () => {
    expect(PASSWORD_MIN).toBe(8);
    expect(PASSWORD_MAX).toBe(128);
    expect(await newPasswordProblem("")).toBe(TOO_SHORT);
    expect(await newPasswordProblem("🔑🐙🌵🚲🎻🧊🦉")).toBe(TOO_SHORT);
    expect(await newPasswordProblem("🔑🐙🌵🚲🎻🧊🦉🍋".repeat(16))).toBeNull();
    expect(await newPasswordProblem("🔑🐙🌵🚲🎻🧊🦉🍋".repeat(16) + "🦉")).toBe(TOO_LONG);
  });

  it("keeps the event loop free while a costly password is estimated", async () => {
    await newPasswordProblem("warm up the estimator");
    let turns = 0;
    const ticker = setInterval(() => turns++, 0);
    // Symbol-heavy input is what zxcvbn takes longest over (hundreds of ms, on the event loop before).
    const problem = await newPasswordProblem("4@8({[<3&6|#9!1|70".repeat(8).slice(0, 128));
    clearInterval(ticker);
    expect(typeof problem === "string" || problem === null).toBe(true);
    expect(turns).toBeGreaterThan(0);
  });
});
