import Link from "next/link";
import {
  ArrowRightIcon,
  Building2Icon,
  DatabaseIcon,
  FileTextIcon,
  HistoryIcon,
  KeyRoundIcon,
  LayoutDashboardIcon,
  type LucideIcon,
  SettingsIcon,
  ShieldCheckIcon,
  UserPlusIcon,
  UsersIcon,
} from "lucide-react";

import { Brand, BrandMark } from "@/components/brand";
import { ThemeToggle } from "@/components/theme-toggle";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";

const features: { icon: LucideIcon; title: string; description: string }[] = [
  {
    icon: Building2Icon,
    title: "Organizations",
    description: "Every workspace is its own tenant. People can belong to several and switch between them; each query is scoped to the one they are in.",
  },
  {
    icon: ShieldCheckIcon,
    title: "Members and roles",
    description: "Invite teammates by email as admin, editor or viewer. Permissions are enforced on the server for every action, not just hidden in the UI.",
  },
  {
    icon: FileTextIcon,
    title: "Posts",
    description: "Draft and publish content per organization, with versioned edits so two editors never silently overwrite each other.",
  },
  {
    icon: HistoryIcon,
    title: "Audit log",
    description: "Invitations, role changes and content edits are recorded per organization: who did what, and when.",
  },
  {
    icon: KeyRoundIcon,
    title: "Auth.js sign-in",
    description: "Email and password out of the box, plus any OAuth or OpenID Connect provider, through the Auth.js Prisma adapter.",
  },
  {
    icon: DatabaseIcon,
    title: "PostgreSQL or SQLite",
    description: "Run PostgreSQL in production and SQLite for a zero-setup local start. The same Prisma models serve both.",
  },
];

const stack = ["Next.js 16", "React 19", "Auth.js", "Prisma", "Tailwind CSS 4", "shadcn/ui"];

export default function HomePage() {
  return (
    <div className="flex min-h-svh flex-col">
      <SiteHeader />
      <main className="flex-1">
        <Hero />
        <Features />
      </main>
      <SiteFooter />
    </div>
  );
}

function SiteHeader() {
  return (
    <header className="sticky top-0 z-40 border-b bg-background/80 backdrop-blur supports-[backdrop-filter]:bg-background/65">
      <div className="container flex h-16 items-center justify-between gap-4">
        <Link href="/" className="rounded-md outline-none focus-visible:ring-[3px] focus-visible:ring-ring">
          <Brand />
        </Link>
        <nav aria-label="Account" className="flex items-center gap-1 sm:gap-2">
          <ThemeToggle />
          <Button asChild variant="ghost" size="sm">
            <Link href="/login">Sign in</Link>
          </Button>
          <Button asChild size="sm" className="hidden sm:inline-flex">
            <Link href="/register">Create an account</Link>
          </Button>
        </nav>
      </div>
    </header>
  );
}

function Hero() {
  return (
    <section aria-labelledby="hero-title" className="relative isolate overflow-hidden">
      {/* Faint grid that fades out below the headline. */}
      <div
        aria-hidden="true"
        className="absolute inset-0 -z-10 bg-[linear-gradient(to_right,var(--border)_1px,transparent_1px),linear-gradient(to_bottom,var(--border)_1px,transparent_1px)] [mask-image:radial-gradient(ellipse_70%_60%_at_50%_0%,black,transparent)] bg-size-[3rem_3rem]"
      />
      <div aria-hidden="true" className="absolute -top-24 left-1/2 -z-10 h-72 w-[36rem] max-w-full -translate-x-1/2 rounded-full bg-primary/15 blur-3xl" />

      <div className="container flex flex-col items-center pt-16 pb-12 text-center sm:pt-24 sm:pb-16">
        <div className="flex flex-col items-center motion-safe:animate-fade-up">
          <Badge variant="outline" className="mb-6 gap-1.5 rounded-full bg-background px-3 py-1">
            <span className="size-1.5 rounded-full bg-primary" aria-hidden="true" />
            Open source · MIT licensed
          </Badge>
          <h1 id="hero-title" className="max-w-3xl text-4xl font-semibold tracking-tight text-balance sm:text-5xl lg:text-6xl">
            The <span className="whitespace-nowrap">multi-tenant</span> admin dashboard for <span className="text-primary">Next.js</span>
          </h1>
          <p className="mt-6 max-w-2xl text-base text-pretty text-muted-foreground sm:text-lg">
            Orgdesk gives your product organizations, members and roles, posts and an audit log, with Auth.js sign-in already wired up. Start from a working
            admin instead of a blank page.
          </p>
          <div className="mt-8 flex w-full flex-col gap-3 sm:w-auto sm:flex-row">
            <Button asChild size="lg">
              <Link href="/register">
                Create an account
                <ArrowRightIcon aria-hidden="true" />
              </Link>
            </Button>
            <Button asChild size="lg" variant="outline">
              <Link href="/login">Sign in</Link>
            </Button>
          </div>
          <ul aria-label="Built with" className="mt-8 flex flex-wrap justify-center gap-x-4 gap-y-1 text-sm text-muted-foreground">
            {stack.map((item) => (
              <li key={item} className="font-mono text-xs">
                {item}
              </li>
            ))}
          </ul>
        </div>

        <DashboardPreview />
      </div>
    </section>
  );
}

const previewMembers = [
  { initials: "AL", name: "Ada Lovelace", email: "ada@acme.test", role: "admin" },
  { initials: "GH", name: "Grace Hopper", email: "grace@acme.test", role: "editor" },
  { initials: "AT", name: "Alan Turing", email: "alan@acme.test", role: "editor" },
  { initials: "KJ", name: "Katherine Johnson", email: "katherine@acme.test", role: "viewer" },
] as const;

const roleVariant = { admin: "default", editor: "secondary", viewer: "outline" } as const;

const previewNav: { icon: LucideIcon; label: string; active?: boolean }[] = [
  { icon: LayoutDashboardIcon, label: "Overview" },
  { icon: UsersIcon, label: "Members", active: true },
  { icon: FileTextIcon, label: "Posts" },
  { icon: HistoryIcon, label: "Audit log" },
  { icon: SettingsIcon, label: "Settings" },
];

/** A static, decorative sketch of the members screen; hidden from assistive technology. */
function DashboardPreview() {
  return (
    <div
      aria-hidden="true"
      className="mt-14 w-full max-w-5xl rounded-xl border bg-card text-left text-card-foreground shadow-xl shadow-primary/5 select-none motion-safe:animate-fade-up motion-safe:[animation-delay:150ms] sm:mt-16"
    >
      <div className="flex items-center gap-1.5 border-b px-4 py-3">
        <span className="size-2.5 rounded-full bg-muted-foreground/30" />
        <span className="size-2.5 rounded-full bg-muted-foreground/30" />
        <span className="size-2.5 rounded-full bg-muted-foreground/30" />
        <span className="ml-3 truncate rounded-md bg-muted px-2 py-0.5 font-mono text-xs text-muted-foreground">orgdesk.app/o/acme/members</span>
      </div>
      <div className="flex">
        <div className="hidden w-52 shrink-0 flex-col gap-1 border-r bg-sidebar p-3 text-sidebar-foreground md:flex">
          <div className="mb-2 flex items-center gap-2 rounded-md border bg-background px-2 py-1.5">
            <BrandMark className="size-5" />
            <span className="text-sm font-medium">Acme Inc.</span>
          </div>
          {previewNav.map(({ icon: Icon, label, active }) => (
            <div
              key={label}
              className={
                active
                  ? "flex items-center gap-2 rounded-md bg-sidebar-accent px-2 py-1.5 text-sm font-medium text-sidebar-accent-foreground"
                  : "flex items-center gap-2 rounded-md px-2 py-1.5 text-sm text-muted-foreground"
              }
            >
              <Icon className="size-4" />
              {label}
            </div>
          ))}
        </div>
        <div className="min-w-0 flex-1 p-4 sm:p-6">
          <div className="flex items-center justify-between gap-3">
            <div className="min-w-0">
              <p className="font-semibold">Members</p>
              <p className="truncate text-sm text-muted-foreground">4 people in Acme Inc.</p>
            </div>
            <span className="inline-flex h-8 shrink-0 items-center gap-1.5 rounded-md bg-primary px-3 text-sm font-medium text-primary-foreground">
              <UserPlusIcon className="size-4" />
              Invite
            </span>
          </div>
          <div className="mt-4 divide-y rounded-lg border">
            {previewMembers.map((member) => (
              <div key={member.email} className="flex items-center gap-3 px-3 py-2.5">
                <span className="flex size-8 shrink-0 items-center justify-center rounded-full bg-muted text-xs font-medium text-muted-foreground">
                  {member.initials}
                </span>
                <div className="min-w-0 flex-1">
                  <p className="truncate text-sm font-medium">{member.name}</p>
                  <p className="truncate text-xs text-muted-foreground sm:hidden">{member.email}</p>
                </div>
                <span className="hidden min-w-0 flex-1 truncate text-sm text-muted-foreground sm:block">{member.email}</span>
                <div className="flex w-16 shrink-0 justify-end">
                  <Badge variant={roleVariant[member.role]} className="capitalize">
                    {member.role}
                  </Badge>
                </div>
              </div>
            ))}
          </div>
        </div>
      </div>
    </div>
  );
}

function Features() {
  return (
    <section aria-labelledby="features-title" className="border-t bg-muted/40">
      <div className="container py-16 sm:py-24">
        <div className="mx-auto max-w-2xl text-center">
          <h2 id="features-title" className="text-2xl font-semibold tracking-tight text-balance sm:text-3xl">
            Everything a <span className="whitespace-nowrap">multi-tenant</span> admin needs
          </h2>
          <p className="mt-4 text-pretty text-muted-foreground">The parts every B2B product rebuilds, done once, typed end to end and tested.</p>
        </div>
        <ul className="mx-auto mt-12 grid max-w-5xl gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {features.map(({ icon: Icon, title, description }) => (
            <li key={title} className="rounded-xl border bg-card p-6 text-card-foreground shadow-xs">
              <div className="flex size-10 items-center justify-center rounded-lg bg-primary/10 text-primary">
                <Icon className="size-5" aria-hidden="true" />
              </div>
              <h3 className="mt-4 font-semibold">{title}</h3>
              <p className="mt-2 text-sm leading-relaxed text-muted-foreground">{description}</p>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

function SiteFooter() {
  return (
    <footer className="border-t">
      <div className="container flex flex-col gap-4 py-8 text-sm text-muted-foreground sm:flex-row sm:items-center sm:justify-between">
        <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:gap-3">
          <Brand className="text-sm text-foreground" markClassName="size-6" />
          <p>Open source under the MIT license.</p>
        </div>
        <nav aria-label="Footer" className="flex gap-4">
          <Link href="/login" className="underline-offset-4 hover:text-foreground hover:underline">
            Sign in
          </Link>
          <Link href="/register" className="underline-offset-4 hover:text-foreground hover:underline">
            Create an account
          </Link>
        </nav>
      </div>
    </footer>
  );
}
