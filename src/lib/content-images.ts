// Which hosts may serve images inside post content. By default none but this site: an image from
// another host would tell that host who reads a post, and when. Operators trust hosts with
// CONTENT_IMAGE_HOSTS (comma-separated, e.g. "images.example.com,cdn.example.com:8443").

/** The variable, raw (tests) or from src/server/env.ts. */
export type ImageHostsSetting = { CONTENT_IMAGE_HOSTS?: string };

export function trustedImageHosts(env: ImageHostsSetting): string[] {
  return (env.CONTENT_IMAGE_HOSTS ?? "")
    .split(",")
    .map((host) => host.trim().toLowerCase())
    .filter((host) => /^[a-z0-9.-]+(:\d{1,5})?$/.test(host));
}

/** Pages that show a post's rendered body (the post, its editor's preview). */
export function showsPostContent(pathname: string): boolean {
  return /^\/dashboard\/[^/]+\/posts\/[^/]+/.test(pathname) && !/^\/dashboard\/[^/]+\/posts\/manage\/?$/.test(pathname);
}
