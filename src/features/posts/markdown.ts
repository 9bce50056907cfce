import "server-only";
import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";

// Post bodies are Markdown written by members; readers see them as HTML. Rendering happens on the
// server only: marked turns Markdown (with GitHub's tables, task lists and autolinks) into HTML,
// raw HTML included, and sanitize-html then keeps only an allowlist of tags, attributes and URL
// schemes. The sanitizer is the protection, so nothing the Markdown step lets through can run:
// no <script>, <style>, <iframe>/<object>/<embed>, <svg>, forms, event handlers, style attributes,
// or javascript:/data:/vbscript: URLs. The output needs no inline script or style, so it renders
// under the app's Content-Security-Policy as is.

const markdown = new Marked({ gfm: true, breaks: false });

const LINK_REL = "noopener noreferrer nofollow";

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote",
    "ul", "ol", "li", "input",
    "strong", "b", "em", "i", "del", "s", "sup", "sub", "kbd", "mark",
    "code", "pre", "a", "img",
    "table", "thead", "tbody", "tr", "th", "td",
    "details", "summary",
  ],
  allowedAttributes: {
    a: ["href", "title", "rel"],
    img: ["src", "alt", "title", "width", "height"],
    code: ["class"],
    ol: ["start"],
    th: ["align"],
    td: ["align"],
    input: ["type", "checked", "disabled"],
  },
  // Only the language hint of a fenced code block survives, e.g. class="language-ts".
  allowedClasses: { code: [/^language-[a-z0-9_+-]+$/i] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: ["http", "https"] },
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  // Text inside these is dropped with the tag, not shown as text.
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "iframe", "object", "embed", "template", "title", "svg", "math"],
  transformTags: {
    // Whatever rel the author wrote, links never pass the opener or referrer, nor rank the target.
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: LINK_REL } }),
    // Task-list checkboxes (`- [x] done`) are read-only marks, never form controls.
    input: (_tagName, attribs) => ({
      tagName: "input",
      attribs: { type: "checkbox", disabled: "", ...("checked" in attribs ? { checked: "" } : {}) },
    }),
  },
};

/** Markdown → HTML that is safe to insert into a page. */
export function renderMarkdown(source: string): string {
  const html = markdown.parse(source, { async: false });
  return sanitizeHtml(html, SANITIZE_OPTIONS);
}

const TEXT_ONLY: sanitizeHtml.IOptions = { allowedTags: [], allowedAttributes: {}, nonTextTags: SANITIZE_OPTIONS.nonTextTags };

// sanitize-html escapes exactly these in text; the excerpt is plain text (React escapes it again).
const ESCAPED: [RegExp, string][] = [
  [/&lt;/g, "<"],
  [/&gt;/g, ">"],
  [/&quot;/g, '"'],
  [/&amp;/g, "&"],
];

export const EXCERPT_LENGTH = 160;
/** An excerpt never needs more than the start of a long post. */
const EXCERPT_SOURCE_CHARS = 4_000;

/** The start of the post as plain text, about 160 characters, cut at a word. */
export function excerptFromMarkdown(source: string, length = EXCERPT_LENGTH): string {
  let text = sanitizeHtml(renderMarkdown(source.slice(0, EXCERPT_SOURCE_CHARS)), TEXT_ONLY);
  for (const [pattern, character] of ESCAPED) text = text.replace(pattern, character);
  text = text.replace(/\s+/g, " ").trim();
  if (text.length <= length) return text;
  const cut = text.slice(0, length - 1);
  const lastSpace = cut.lastIndexOf(" ");
  return `${(lastSpace > length * 0.6 ? cut.slice(0, lastSpace) : cut).replace(/[\s.,;:!?-]+$/, "")}…`;
}
