// The Content-Security-Policy the proxy sends with every page. Scripts run only with this
// request's nonce (Next.js applies it to its own scripts); no inline or eval'd script otherwise.
import { showsPostContent, trustedImageHosts, type ImageHostsSetting } from "./content-images";

export { showsPostContent };

const OAUTH_FORM_TARGETS: Record<string, string> = {
  google: "https://accounts.google.com",
  github: "https://github.com",
};

/**
 * Where a sign-in form may send the browser: this origin, plus each configured OAuth/OIDC
 * provider, because a no-JavaScript sign-in posts a form that redirects there.
 */
export function formActionSources(
  env: Partial<Record<"AUTH_GOOGLE_ID" | "GOOGLE_CLIENT_ID" | "AUTH_GITHUB_ID" | "GITHUB_CLIENT_ID" | "AUTH_OIDC_ISSUER", string>>,
): string[] {
  const sources = ["'self'"];
  if (env.AUTH_GOOGLE_ID || env.GOOGLE_CLIENT_ID) sources.push(OAUTH_FORM_TARGETS.google!);
  if (env.AUTH_GITHUB_ID || env.GITHUB_CLIENT_ID) sources.push(OAUTH_FORM_TARGETS.github!);
  if (env.AUTH_OIDC_ISSUER) {
    try {
      sources.push(new URL(env.AUTH_OIDC_ISSUER).origin);
    } catch {
      // An invalid issuer fails loudly in Auth.js; the policy just leaves it out.
    }
  }
  return sources;
}

/**
 * Where images may come from. Pages that show post content allow this site and the trusted
 * content hosts only, so that even markup that slipped past the sanitizer cannot make readers'
 * browsers call a third party; elsewhere any https image (members' own avatars) may load.
 */
export function imageSources(env: ImageHostsSetting, postContent: boolean): string[] {
  const sources = ["'self'", "data:", "blob:"];
  if (!postContent) return [...sources, "https:"];
  return [...sources, ...trustedImageHosts(env).map((host) => `https://${host}`)];
}

export function contentSecurityPolicy(options: { nonce: string; dev: boolean; https: boolean; formAction: string[]; imgSrc: string[] }): string {
  const { nonce, dev, https, formAction, imgSrc } = options;
  const directives = [
    "default-src 'self'",
    // 'strict-dynamic' lets Next's nonce'd loader pull its chunks; dev needs eval for React's tooling.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Inline style attributes come from Radix and next/font; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    `img-src ${imgSrc.join(" ")}`,
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    `form-action ${formAction.join(" ")}`,
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}
