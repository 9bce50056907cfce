import { AppShell } from "@/components/app-shell/app-shell";
import type { NavItem } from "@/components/app-shell/nav";
import { readOrgShell } from "@/features/orgs/operations";
import { can, type OrgContext } from "@/server/authz/guard";
import { loadOrgPage } from "@/server/authz/page";
import { currentSession } from "@/server/session";

function navFor(ctx: OrgContext): NavItem[] {
  const base = `/dashboard/${ctx.org.slug}`;
  const items: [NavItem, boolean][] = [
    [{ href: base, label: "Overview", icon: "overview" }, true],
    [{ href: `${base}/posts`, label: "Posts", icon: "posts" }, can(ctx, "posts.list")],
    [{ href: `${base}/members`, label: "Members", icon: "members" }, can(ctx, "members.list")],
    [{ href: `${base}/audit`, label: "Audit log", icon: "audit" }, can(ctx, "audit.read")],
    [{ href: `${base}/settings`, label: "Settings", icon: "settings" }, can(ctx, "orgs.update")],
  ];
  return items.filter(([, visible]) => visible).map(([item]) => item);
}

// The layout checks membership to draw the frame; each page below checks again for itself
// (layouts are not re-run on every client navigation).
export default async function OrgLayout({ children, params }: LayoutProps<"/dashboard/[org]">) {
  const { ctx, data: organizations } = await loadOrgPage(readOrgShell, { route: "/dashboard/[org]", params });
  const session = await currentSession();
  return (
    <AppShell session={session!} nav={navFor(ctx)} current={{ slug: ctx.org.slug, name: ctx.org.name, role: ctx.role }} organizations={organizations}>
      {children}
    </AppShell>
  );
}
