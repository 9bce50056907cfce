import { init as initMd4c, mdToHtml } from "md4w";
import sanitizeHtml from "sanitize-html";
import { trustedImageHosts, type ImageHostsSetting } from "@/lib/content-images";
import { env as serverEnv } from "@/server/env";

// Post bodies are Markdown written by members; readers see them as HTML. This module is the
// renderer itself: pure, synchronous once initialised, and run in a worker thread by the app
// (./pool.ts) so that no input can hold the server's event loop.
//
// md4c (the md4w package, C compiled to WebAssembly) parses in linear time: the inputs that made
// the previous parser quadratic (`_a` × 50,000 took 4.5 s) take a few milliseconds (`npm run
// bench` shows the figures). Raw HTML passes through the parser; sanitize-html then keeps only an
// allowlist of tags, attributes and URL schemes. The sanitizer is the protection, so nothing the
// Markdown step lets through can run: no <script>, <style>, <iframe>/<object>/<embed>, <svg>,
// forms, event handlers, style attributes, or javascript:/data:/vbscript: URLs. The output needs
// no inline script or style, so it renders under the app's Content-Security-Policy as is.

/**
 * Bumped whenever the parser, its flags or the sanitizer's rules change: posts stored with an
 * older renderer are rendered again the next time they are read.
 */
export const RENDERER_VERSION = 2;

/** Deeper than this, a post is refused: no reader needs 48 levels of quotes inside lists inside quotes. */
export const MAX_NESTING_DEPTH = 48;

export const EXCERPT_LENGTH = 160;
/** An excerpt never needs more than the start of a long post. */
const EXCERPT_SOURCE_CHARS = 4_000;

export class MarkdownTooDeepError extends Error {
  constructor() {
    super("This post nests too deeply (quotes or lists inside one another). Flatten it a little and try again.");
    this.name = "MarkdownTooDeepError";
  }
}

const MD4C_FLAGS = {
  parseFlags: ["TABLES", "STRIKETHROUGH", "TASKLISTS", "PERMISSIVE_URL_AUTO_LINKS", "PERMISSIVE_WWW_AUTO_LINKS", "PERMISSIVE_EMAIL_AUTO_LINKS"] as const,
} satisfies Parameters<typeof mdToHtml>[1];

let ready: Promise<void> | null = null;

/** Loads the WebAssembly parser once per thread. */
export function initRenderer(): Promise<void> {
  ready ??= initMd4c("fast");
  return ready;
}

const LINK_REL = "noopener noreferrer nofollow";

/** What a stored rendering depends on besides the source: a change re-renders stored posts. */
export function rendererKey(env: ImageHostsSetting = serverEnv): string {
  const hosts = trustedImageHosts(env).sort().join(",");
  return `md4c.${RENDERER_VERSION}${hosts ? `;img=${hosts}` : ""}`;
}

function isTrustedImage(src: string, hosts: readonly string[]): boolean {
  // Read the URL as a browser would: it drops tabs and newlines and takes "\" for "/".
  const url = src
    .replace(/[\t\n\r]/g, "")
    .trim()
    .replace(/\\/g, "/");
  // A relative URL ("/files/a.png", "a.png") stays on this site; "//host/…" and "https://…" leave it.
  if (!/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.startsWith("//")) return true;
  try {
    return hosts.includes(new URL(url, "https://relative.invalid").host.toLowerCase());
  } catch {
    return false;
  }
}

function sanitizeOptions(imageHosts: readonly string[], onDepth: (depth: number) => void): sanitizeHtml.IOptions {
  let depth = 0;
  return {
    allowedTags: [
      "h1",
      "h2",
      "h3",
      "h4",
      "h5",
      "h6",
      "p",
      "br",
      "hr",
      "blockquote",
      "ul",
      "ol",
      "li",
      "input",
      "strong",
      "b",
      "em",
      "i",
      "del",
      "s",
      "sup",
      "sub",
      "kbd",
      "mark",
      "code",
      "pre",
      "a",
      "img",
      "table",
      "thead",
      "tbody",
      "tr",
      "th",
      "td",
      "details",
      "summary",
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
      // An image from another host would tell that host who reads the post, and when: it becomes
      // a link the reader may follow, unless the host is trusted (CONTENT_IMAGE_HOSTS).
      img: (tagName, attribs) => {
        const src = attribs.src ?? "";
        if (!src || isTrustedImage(src, imageHosts)) return { tagName, attribs };
        const label = attribs.alt?.trim() || attribs.title?.trim() || "image";
        return { tagName: "a", attribs: { href: src, rel: LINK_REL, title: "Image on another site" }, text: `Image: ${label}` };
      },
    },
    // An empty link (e.g. `[](https://…)`) is noise for screen readers.
    exclusiveFilter: (frame) => frame.tag === "a" && !frame.text.trim() && frame.mediaChildren.length === 0,
    onOpenTag: () => onDepth(++depth),
    onCloseTag: () => {
      depth--;
    },
  };
}

/** md4c gives every heading an empty self-link, `id` included; ids could clobber the page's globals. */
const HEADING_ANCHOR = / ?<a class="anchor" aria-hidden="true" id="[^"<>]*" href="#[^"<>]*"><\/a>(?=<\/h[1-6]>)/g;

/**
 * Markdown → HTML that is safe to insert into a page. Call initRenderer() first (once).
 * Throws MarkdownTooDeepError when elements nest deeper than MAX_NESTING_DEPTH.
 */
export function renderMarkdown(source: string, env: ImageHostsSetting = serverEnv): string {
  const parsed = mdToHtml(source, MD4C_FLAGS).replace(HEADING_ANCHOR, "");
  return sanitizeHtml(
    parsed,
    sanitizeOptions(trustedImageHosts(env), (depth) => {
      if (depth > MAX_NESTING_DEPTH) throw new MarkdownTooDeepError();
    }),
  );
}

const TEXT_ONLY: sanitizeHtml.IOptions = {
  allowedTags: [],
  allowedAttributes: {},
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "iframe", "object", "embed", "template", "title", "svg", "math"],
};

// sanitize-html escapes exactly these in text; the excerpt is plain text (React escapes it again).
const ESCAPED: [RegExp, string][] = [
  [/&lt;/g, "<"],
  [/&gt;/g, ">"],
  [/&quot;/g, '"'],
  [/&amp;/g, "&"],
];

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

export interface RenderedPost {
  html: string;
  /** The excerpt derived from the body (used when the author gives none). */
  excerpt: string;
  renderer: string;
}

/** Everything stored from a body: its HTML, its derived excerpt, and what rendered them. */
export function renderPost(source: string, env: ImageHostsSetting = serverEnv): RenderedPost {
  return { html: renderMarkdown(source, env), excerpt: excerptFromMarkdown(source), renderer: rendererKey(env) };
}
