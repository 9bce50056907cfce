// Callback URLs come from the query string, so they are attacker-controlled: honouring any of them
// would make the sign-in page an open redirect. Only same-origin paths ("/dashboard/...") pass.

const MAX_LENGTH = 2_048;
// Resolving against an origin nobody can own shows what a browser would make of the value.
const DUMMY_ORIGIN = "http://localhost.invalid";
// C0 controls and DEL: browsers strip tabs and newlines inside URLs ("/\t/evil" becomes "//evil").
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
// A path is "/" followed by anything but a second slash or a backslash (both make "//host").
const ROOTED_PATH = /^\/(?![/\\])/;

/** A layer is safe when it is a rooted path free of control characters and backslashes. */
function isSafeLayer(layer: string): boolean {
  return ROOTED_PATH.test(layer) && !CONTROL_CHARACTER.test(layer) && !layer.includes("\\");
}

// Decodes only ASCII escapes ("%2F", "%5C", "%09", "%25"...): those are the dangerous ones, and
// unlike decodeURIComponent this never throws on a stray "%" or a partial UTF-8 sequence, so a
// malformed tail cannot hide an encoded "//" from the checks.
function decodeAsciiEscapes(value: string): string {
  return value.replace(/%([0-7][0-9a-f])/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The value and each successively decoded form, down to one that no longer changes. */
function decodingLayers(value: string): string[] {
  const layers = [value];
  // Terminates: every pass that changes the string makes it shorter.
  for (let decoded = decodeAsciiEscapes(value); decoded !== layers.at(-1); decoded = decodeAsciiEscapes(decoded)) {
    layers.push(decoded);
  }
  return layers;
}

/**
 * Returns value when it is a same-origin path (with its query and hash), otherwise fallback.
 * Absolute URLs are refused even when they name this app's own origin: only paths are needed.
 */
export function safeCallbackUrl(value: unknown, fallback = "/dashboard"): string {
  if (typeof value !== "string" || value.length > MAX_LENGTH) return fallback;
  // No raw whitespace anywhere (leading spaces are stripped by browsers; none belongs in a path).
  if (/\s/.test(value)) return fallback;

  // Each decoded form is checked too, for routers or servers that decode once more downstream.
  if (!decodingLayers(value).every(isSafeLayer)) return fallback;

  let url: URL;
  try {
    url = new URL(value, DUMMY_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== DUMMY_ORIGIN) return fallback;

  // Normalised form: dot segments resolved, so "/.//evil.example" must be checked again here.
  const path = url.pathname + url.search + url.hash;
  return isSafeLayer(path) ? path : fallback;
}
