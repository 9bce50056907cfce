import { describe, expect, it } from "vitest";
import { toCsv } from "./csv";

describe("toCsv", () => {
  it("quotes separators, quotes and newlines", () => {
    expect(
      toCsv(
        ["a", "b"],
        [
          ["x,y", 'say "hi"'],
          ["line\nbreak", null],
        ],
      ),
    ).toBe('a,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",\r\n');
  });

  it("defuses spreadsheet formulas", () => {
    expect(toCsv(["v"], [['=HYPERLINK("http://evil")'], ["+1"], ["-2"], ["@SUM(A1)"], ["plain"]])).toBe(
      'v\r\n"\'=HYPERLINK(""http://evil"")"\r\n\'+1\r\n\'-2\r\n\'@SUM(A1)\r\nplain\r\n',
    );
  });

  it("writes dates as ISO 8601", () => {
    expect(toCsv(["at"], [[new Date("2026-11-27T10:00:00Z")]])).toBe("at\r\n2026-11-27T10:00:00.000Z\r\n");
  });
});
