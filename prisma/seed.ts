// Demo data (a contract other work relies on: keep it exact) and the optional large org for
// benchmarks. Idempotent: running it again leaves the same data.
//
//   npm run db:seed                    demo orgs, users and posts
//   npm run db:seed -- --large         + org "bigco" with 100,000 members and 200,000 posts
//   npm run db:seed -- --large --members 5000 --posts 10000
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import nextEnv from "@next/env";
import { createDb, type Db } from "../src/server/db";
import { databaseUrl } from "../src/server/database-url";
import { hashPassword } from "../src/server/password";
import { suggestPostSlug } from "../src/features/posts/schemas";
import { initRenderer, renderPost } from "../src/features/posts/markdown/render";

export const DEMO_PASSWORD = "demo-password-1";

type Role = "admin" | "editor" | "viewer";

const ORGS = [
  { slug: "acme", name: "Acme Inc." },
  { slug: "globex", name: "Globex Corporation" },
] as const;
type OrgSlug = (typeof ORGS)[number]["slug"];

export const DEMO_USERS: { email: string; name: string; roles: Partial<Record<OrgSlug, Role>> }[] = [
  { email: "admin@acme.test", name: "Alice Admin", roles: { acme: "admin" } },
  { email: "editor@acme.test", name: "Eddie Editor", roles: { acme: "editor" } },
  { email: "viewer@acme.test", name: "Vera Viewer", roles: { acme: "viewer" } },
  { email: "admin@globex.test", name: "Gina Globex", roles: { globex: "admin" } },
  { email: "multi@demo.test", name: "Max Multi", roles: { acme: "editor", globex: "viewer" } },
];

interface DemoPost {
  org: OrgSlug;
  author: string;
  title: string;
  body: string;
  published: boolean;
  /** How many days before the seed run it was published (spreads the overview charts). */
  daysAgo: number;
}

const DEMO_POSTS: DemoPost[] = [
  {
    org: "acme",
    author: "editor@acme.test",
    title: "Welcome to the Acme team space",
    daysAgo: 60,
    published: true,
    body: "Everything the team publishes lives here.\n\n## What you will find\n\n- Release notes\n- How-to guides\n- Announcements\n\nEditors write posts; admins can edit any of them.",
  },
  {
    org: "acme",
    author: "editor@acme.test",
    title: "Shipping the Q3 roadmap",
    daysAgo: 35,
    published: true,
    body: "The Q3 roadmap is out. Highlights:\n\n1. Faster dashboards\n2. Role-based access for every team\n3. An audit log you can export\n\nQuestions go to the **#roadmap** channel.",
  },
  {
    org: "acme",
    author: "editor@acme.test",
    title: "How we review pull requests",
    daysAgo: 12,
    published: true,
    body: "Small changes, fast reviews.\n\n> A review is a conversation, not a gate.\n\nEvery change needs one approval and green CI.",
  },
  {
    org: "acme",
    author: "editor@acme.test",
    title: "Draft: onboarding checklist",
    daysAgo: 0,
    published: false,
    body: "A work in progress.\n\n- [ ] Laptop\n- [ ] Accounts\n- [ ] First pairing session",
  },
  {
    org: "acme",
    author: "admin@acme.test",
    title: "Security policy update",
    daysAgo: 21,
    published: true,
    body: "We now require a password of at least 8 characters and rate-limit sign-in attempts.\n\nSee `Settings → Account` to review your active sessions.",
  },
  {
    org: "acme",
    author: "admin@acme.test",
    title: "Office closure over the holidays",
    daysAgo: 4,
    published: true,
    body: "The office is closed from December 24 to January 2. Support stays available by email.",
  },
  {
    org: "globex",
    author: "admin@globex.test",
    title: "Globex quarterly results",
    daysAgo: 28,
    published: true,
    body: "Revenue grew **12%** quarter over quarter. Thanks to every team for the push.",
  },
  {
    org: "globex",
    author: "admin@globex.test",
    title: "New hires this month",
    daysAgo: 9,
    published: true,
    body: "Please welcome our new colleagues in engineering and sales.",
  },
  {
    org: "globex",
    author: "admin@globex.test",
    title: "Draft: reorganisation plan",
    daysAgo: 0,
    published: false,
    body: "Confidential draft. Not for circulation yet.",
  },
];

/** A seeded post's body, rendered and excerpted as the app stores one written by a member. */
function renderedBody(body: string) {
  const { html, renderer, excerpt } = renderPost(body);
  return { body, html, htmlRenderer: renderer, excerpt, excerptDerived: true };
}

const DAY_MS = 24 * 60 * 60 * 1000;

export async function seedDemo(db: Db): Promise<void> {
  await initRenderer();
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  const orgIds = {} as Record<OrgSlug, string>;
  for (const org of ORGS) {
    const row = await db.organization.upsert({
      where: { slug: org.slug },
      create: { slug: org.slug, name: org.name },
      update: { name: org.name },
    });
    orgIds[org.slug] = row.id;
  }

  const userIds: Record<string, string> = {};
  for (const user of DEMO_USERS) {
    const row = await db.user.upsert({
      where: { email: user.email },
      create: { email: user.email, name: user.name, passwordHash, emailVerified: new Date() },
      update: { name: user.name, passwordHash },
    });
    userIds[user.email] = row.id;
    for (const [slug, role] of Object.entries(user.roles) as [OrgSlug, Role][]) {
      await db.membership.upsert({
        where: { userId_orgId: { userId: row.id, orgId: orgIds[slug] } },
        create: { userId: row.id, orgId: orgIds[slug], role },
        update: { role },
      });
    }
  }

  const now = Date.now();
  for (const post of DEMO_POSTS) {
    const slug = suggestPostSlug(post.title);
    const publishedAt = post.published ? new Date(now - post.daysAgo * DAY_MS) : null;
    // Created on first run only: a second run must not undo edits made while trying the demo.
    await db.post.upsert({
      where: { orgId_slug: { orgId: orgIds[post.org], slug } },
      create: {
        orgId: orgIds[post.org],
        authorId: userIds[post.author]!,
        title: post.title,
        slug,
        ...renderedBody(post.body),
        status: post.published ? "published" : "draft",
        publishedAt,
        createdAt: new Date(now - (post.daysAgo + 1) * DAY_MS),
      },
      update: {},
    });
  }
}

// ---------------------------------------------------------------- large org for benchmarks

export interface LargeSeedOptions {
  members: number;
  posts: number;
  batchSize?: number;
  onProgress?: (label: string, done: number, total: number) => void;
}

const FIRST_NAMES = ["Ada", "Ben", "Chloé", "Dmitri", "Esther", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi", "Luca"];
const LAST_NAMES = ["Okafor", "Lindqvist", "Moreau", "Tanaka", "García", "Novak", "Haddad", "Kowalski", "Silva", "Chen"];
const ROLES_BY_SHARE: Role[] = ["viewer", "viewer", "viewer", "viewer", "viewer", "viewer", "editor", "editor", "editor", "admin"];

const pad = (n: number) => String(n).padStart(6, "0");

/** Adds org "bigco": its admin (admin@bigco.test), then members and posts up to the counts. Resumable. */
export async function seedLarge(db: Db, options: LargeSeedOptions): Promise<void> {
  const { members, posts, batchSize = 5_000, onProgress } = options;
  await initRenderer();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const org = await db.organization.upsert({
    where: { slug: "bigco" },
    create: { slug: "bigco", name: "BigCo Holdings" },
    update: {},
  });
  const admin = await db.user.upsert({
    where: { email: "admin@bigco.test" },
    create: { email: "admin@bigco.test", name: "Bianca Bigco", passwordHash, emailVerified: new Date() },
    update: {},
  });
  await db.membership.upsert({
    where: { userId_orgId: { userId: admin.id, orgId: org.id } },
    create: { userId: admin.id, orgId: org.id, role: "admin" },
    update: { role: "admin" },
  });

  // Deterministic ids make a re-run continue where the last one stopped instead of duplicating.
  const existingMembers = await db.user.count({ where: { id: { startsWith: "bigco-u-" } } });
  const start = Date.now() - members * 60_000;
  for (let from = existingMembers; from < members; from += batchSize) {
    const to = Math.min(from + batchSize, members);
    const users = [];
    const memberships = [];
    for (let i = from; i < to; i++) {
      const id = `bigco-u-${pad(i)}`;
      const name = `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length]} ${i}`;
      const createdAt = new Date(start + i * 60_000);
      users.push({ id, name, email: `member${pad(i)}@bigco.test`, createdAt });
      memberships.push({ id: `bigco-m-${pad(i)}`, userId: id, orgId: org.id, role: ROLES_BY_SHARE[i % 10]!, createdAt });
    }
    await db.$transaction([db.user.createMany({ data: users }), db.membership.createMany({ data: memberships })]);
    onProgress?.("members", to, members);
  }

  const existingPosts = await db.post.count({ where: { orgId: org.id, id: { startsWith: "bigco-p-" } } });
  const authors = Math.max(1, Math.min(members, 1_000));
  for (let from = existingPosts; from < posts; from += batchSize) {
    const to = Math.min(from + batchSize, posts);
    const rows = [];
    for (let i = from; i < to; i++) {
      const published = i % 5 !== 0;
      const createdAt = new Date(start + i * 30_000);
      rows.push({
        id: `bigco-p-${pad(i)}`,
        orgId: org.id,
        authorId: members > 0 ? `bigco-u-${pad(i % authors)}` : admin.id,
        title: `Update number ${i}`,
        slug: `update-${i}`,
        ...renderedBody(`This is update number ${i} from BigCo.\n\nIt exists to make lists long.`),
        status: published ? ("published" as const) : ("draft" as const),
        publishedAt: published ? createdAt : null,
        createdAt,
      });
    }
    await db.post.createMany({ data: rows });
    onProgress?.("posts", to, posts);
  }
}

function progressBar(label: string, done: number, total: number) {
  const width = 30;
  const filled = Math.round((done / Math.max(total, 1)) * width);
  process.stderr.write(`\r${label.padEnd(8)} [${"#".repeat(filled)}${" ".repeat(width - filled)}] ${done.toLocaleString("en")}/${total.toLocaleString("en")}`);
  if (done >= total) process.stderr.write("\n");
}

async function main() {
  const { values } = parseArgs({
    options: {
      large: { type: "boolean", default: false },
      members: { type: "string" },
      posts: { type: "string" },
    },
  });
  const count = (value: string | undefined, fallback: number, flag: string) => {
    const n = value === undefined ? fallback : Number(value);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${flag} takes a whole number, got "${value}"`);
    return n;
  };
  nextEnv.loadEnvConfig(process.cwd(), false); // DATABASE_URL may live in .env.local
  const db = createDb(databaseUrl(process.env));
  try {
    await seedDemo(db);
    console.log("Seeded demo organizations acme and globex (password for every demo user: demo-password-1).");
    if (values.large || values.members || values.posts) {
      const members = count(values.members, 100_000, "members");
      const posts = count(values.posts, 200_000, "posts");
      const started = Date.now();
      await seedLarge(db, { members, posts, onProgress: progressBar });
      console.log(
        `Seeded bigco: ${members.toLocaleString("en")} members, ${posts.toLocaleString("en")} posts in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
      );
    }
  } finally {
    await db.$disconnect();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
