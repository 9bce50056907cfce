import type { Session } from "next-auth";
import { SessionProvider } from "next-auth/react";
import Link from "next/link";
import { Brand } from "@/components/brand";
import { Breadcrumbs } from "./breadcrumbs";
import type { NavItem } from "./nav";
import { MobileNav } from "./mobile-nav";
import { NavLinks } from "./nav-links";
import { OrgSwitcher, type SwitcherOrg } from "./org-switcher";
import { RememberOrg } from "./remember-org";
import { UserMenu } from "./user-menu";

/**
 * The signed-in frame: sidebar (a sheet on phones), org switcher, user menu. Everything it shows
 * comes from the server; the session it hands to SessionProvider only feeds the user menu.
 */
export function AppShell({
  session,
  nav,
  current,
  organizations,
  children,
}: {
  session: Session;
  nav: NavItem[];
  current: SwitcherOrg;
  organizations: SwitcherOrg[];
  children: React.ReactNode;
}) {
  return (
    <SessionProvider session={session} refetchOnWindowFocus={false}>
      <RememberOrg slug={current.slug} />
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-4 focus:left-4 focus:z-50 focus:rounded-md focus:bg-background focus:px-4 focus:py-2 focus:shadow"
      >
        Skip to content
      </a>
      <div className="flex min-h-svh">
        <aside className="hidden w-64 shrink-0 flex-col gap-6 border-r bg-sidebar p-4 md:flex">
          <Link href="/dashboard" className="rounded-md px-1 focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none">
            <Brand />
          </Link>
          <OrgSwitcher current={current} organizations={organizations} />
          <NavLinks items={nav} />
          <p className="mt-auto truncate px-1 text-xs text-muted-foreground" data-testid="signed-in-as">
            Signed in as {session.user.email ?? session.user.name}
          </p>
        </aside>
        <div className="flex min-w-0 flex-1 flex-col">
          <header className="sticky top-0 z-30 flex h-14 items-center gap-2 border-b bg-background/95 px-4 backdrop-blur sm:px-6">
            <MobileNav items={nav} current={current} organizations={organizations} />
            <span className="truncate text-sm font-medium md:hidden">{current.name}</span>
            <Breadcrumbs org={current} />
            <div className="ml-auto flex items-center gap-2">
              <UserMenu />
            </div>
          </header>
          <main id="main" className="mx-auto w-full max-w-6xl flex-1 p-4 sm:p-6">
            {children}
          </main>
        </div>
      </div>
    </SessionProvider>
  );
}
