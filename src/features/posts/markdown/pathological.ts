// Bodies that make naive Markdown parsers slow (quadratic emphasis, link and code-span scans) or
// crash them (deep nesting): each at the post body's maximum length. Shared by the renderer's tests
// and `npm run bench`, which reports how long each takes.

const LENGTH = 100_000;

const repeat = (unit: string) => unit.repeat(Math.ceil(LENGTH / unit.length)).slice(0, LENGTH);
const lines = (count: number, line: (index: number) => string) =>
  Array.from({ length: count }, (_, index) => line(index))
    .join("\n")
    .slice(0, LENGTH);

/** Inputs that render (within the nesting limit). */
export const PATHOLOGICAL_BODIES: Record<string, string> = {
  "_a × 50,000": repeat("_a"),
  __a: repeat("__a"),
  a_: repeat("a_"),
  _a_b: repeat("_a_b"),
  "*a": repeat("*a"),
  "**a": repeat("**a"),
  "*_ mixed": repeat("*_"),
  "[ run": repeat("["),
  "![ run": repeat("!["),
  "[]( run": repeat("[]("),
  "[a]( run": repeat("[a]("),
  "` run": repeat("`"),
  "``a run": repeat("``a"),
  "< run": repeat("<a"),
  "&# run": repeat("&#"),
  backslashes: repeat("\\"),
  autolinks: repeat("http://a."),
  "reference definitions": repeat("[a]: b\n"),
  "1,000-column table": `|${"a|".repeat(1_000)}\n|${"-|".repeat(1_000)}\n${`|${"b|".repeat(1_000)}\n`.repeat(45)}`.slice(0, LENGTH),
  "20,000-row table": `|a|b|\n|-|-|\n${"|c|d|\n".repeat(20_000)}`.slice(0, LENGTH),
  "list of 20 levels, repeated": repeat(`${lines(20, (level) => `${"  ".repeat(level)}- item`)}\n\n`),
};

/** Inputs that nest beyond the limit: refused with a clear message, never a crash. */
export const TOO_DEEP_BODIES: Record<string, string> = {
  "> × 50,000": repeat("> "),
  "nested lists, 5,000 levels": lines(5_000, (level) => `${"  ".repeat(level)}- a`),
  "nested ordered lists": lines(5_000, (level) => `${"   ".repeat(level)}1. a`),
  "quote-list mix": repeat("> - "),
  "<div> × 20,000": repeat("<div>"),
};
