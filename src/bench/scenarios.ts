// What the benchmark requests. Query parameters follow the members and posts pages' own schemas
// (src/features/members, src/features/posts); a route that does not exist yet answers 404 and is
// reported as "missing".

export interface ScenarioDef {
  id: string;
  label: string;
  path: string;
  /** Send the session cookie of admin@bigco.test. */
  auth: boolean;
  /** Also run the autocannon load phase (otherwise the serial phase only). */
  load: boolean;
  serverTimeTarget?: boolean;
  queryGroup?: string;
}

export interface ScenarioSizes {
  members: number;
  posts: number;
}

/** The seed's share of viewers among bigco's generated members (ROLES_BY_SHARE in prisma/seed.ts). */
const VIEWER_SHARE = 0.6;
/** src/features/members/schemas.ts: DEFAULT_MEMBER_QUERY.size; `size` takes 10, 25 or 50. */
const MEMBERS_PAGE_SIZE = 25;
/** src/features/posts/schemas.ts: POSTS_PAGE_SIZE (fixed: the posts list has no size parameter). */
const POSTS_PAGE_SIZE = 20;
/** The seed publishes 4 posts in 5. */
const PUBLISHED_SHARE = 0.8;

/** A page about two thirds of the way through `rows` rows, at least 1. */
export function deepPage(rows: number, pageSize: number): number {
  return Math.max(1, Math.floor(((rows / pageSize) * 2) / 3));
}

/** The deep members page (2000 of bigco's viewers by name), or 2/3 through a smaller seed. */
export function membersDeepPage(members: number): number {
  const pages = Math.floor((members * VIEWER_SHARE) / MEMBERS_PAGE_SIZE);
  return pages >= 2_400 ? 2_000 : deepPage(members * VIEWER_SHARE, MEMBERS_PAGE_SIZE);
}

/** A post that exists: update-12345 at full size, a middle one in a smaller seed. */
export function postSlug(posts: number): string {
  const index = posts > 12_345 ? 12_345 : Math.max(0, Math.floor(posts / 2));
  return `update-${index}`;
}

export function scenarios({ members, posts }: ScenarioSizes): ScenarioDef[] {
  const org = "/dashboard/bigco";
  const api = "/api/orgs/bigco";
  // Members: ?page=&size=&sort=&dir=&role=&q= (defaults: page 1, size 25, by name ascending).
  const membersDeep = `page=${membersDeepPage(members)}&sort=name&dir=asc&role=viewer`;
  // Posts: ?page=&sort=&dir=&status=&author=&q=, 20 a page. The list (/posts) shows published
  // posts only, newest first; /posts/manage and the API list every post, last updated first.
  const publishedDeep = `page=${deepPage(posts * PUBLISHED_SHARE, POSTS_PAGE_SIZE)}`;
  const allDeep = `page=${deepPage(posts, POSTS_PAGE_SIZE)}`;
  return [
    { id: "ceiling", label: "ceiling (bare dynamic page)", path: "/unauthorized", auth: false, load: true },
    { id: "session", label: "session (JSON)", path: "/api/auth/session", auth: true, load: true },
    { id: "overview", label: "org overview", path: org, auth: true, load: true },
    // The same app shell, session and membership as the overview, without its counts: a baseline
    // that splits the overview's cost into "shell" and "counts".
    { id: "settings", label: "org settings (shell baseline)", path: `${org}/settings`, auth: true, load: true },

    { id: "members", label: "members p1", path: `${org}/members`, auth: true, load: true, serverTimeTarget: true, queryGroup: "members page" },
    {
      id: "members-deep",
      label: "members deep",
      path: `${org}/members?${membersDeep}`,
      auth: true,
      load: true,
      serverTimeTarget: true,
      queryGroup: "members page",
    },
    { id: "members-size10", label: "members size 10", path: `${org}/members?size=10`, auth: true, load: false, queryGroup: "members page" },
    { id: "members-size50", label: "members size 50", path: `${org}/members?size=50`, auth: true, load: false, queryGroup: "members page" },

    { id: "posts", label: "posts p1", path: `${org}/posts`, auth: true, load: true, serverTimeTarget: true, queryGroup: "posts page" },
    { id: "posts-deep", label: "posts deep", path: `${org}/posts?${publishedDeep}`, auth: true, load: true, serverTimeTarget: true, queryGroup: "posts page" },
    {
      id: "posts-manage",
      label: "posts manage p1",
      path: `${org}/posts/manage`,
      auth: true,
      load: false,
      serverTimeTarget: true,
      queryGroup: "posts manage page",
    },
    {
      id: "posts-manage-deep",
      label: "posts manage deep",
      path: `${org}/posts/manage?${allDeep}`,
      auth: true,
      load: false,
      serverTimeTarget: true,
      queryGroup: "posts manage page",
    },
    { id: "post", label: "post page", path: `${org}/posts/${postSlug(posts)}`, auth: true, load: true, serverTimeTarget: true },

    { id: "api-members", label: "API members p1", path: `${api}/members`, auth: true, load: true, queryGroup: "members API" },
    { id: "api-members-deep", label: "API members deep", path: `${api}/members?${membersDeep}`, auth: true, load: false, queryGroup: "members API" },
    { id: "api-members-size50", label: "API members size 50", path: `${api}/members?size=50`, auth: true, load: false, queryGroup: "members API" },
    { id: "api-posts", label: "API posts p1", path: `${api}/posts`, auth: true, load: false, queryGroup: "posts API" },
    { id: "api-posts-deep", label: "API posts deep", path: `${api}/posts?${allDeep}`, auth: true, load: false, queryGroup: "posts API" },

    // The ceiling again, to average out (and show) drift in the machine's load during the run.
    { id: "ceiling-end", label: "ceiling, again at the end", path: "/unauthorized", auth: false, load: true },
  ];
}
