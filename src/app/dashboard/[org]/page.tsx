import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { orgOverview } from "@/features/orgs/queries";
import { ROLE_LABELS, ROLES } from "@/lib/roles";
import { authorizeOrgPage, can } from "@/server/authz/guard";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage({ params }: PageProps<"/dashboard/[org]">) {
  const { org } = await params;
  const ctx = await authorizeOrgPage(org, "orgs.read");
  const overview = await orgOverview(ctx.org.id);
  const totalMembers = ROLES.reduce((sum, role) => sum + overview.membersByRole[role], 0);
  const isAdmin = can(ctx, "members.updateRole");
  return (
    <>
      <PageHeader title={ctx.org.name} description={`You are ${ROLE_LABELS[ctx.role].toLowerCase()} of this organization.`} />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <Card>
          <CardHeader>
            <CardDescription>Published posts</CardDescription>
            <CardTitle className="text-3xl tabular-nums">{overview.posts.published.toLocaleString("en")}</CardTitle>
          </CardHeader>
          <CardContent className="text-sm text-muted-foreground">
            {can(ctx, "posts.create") ? `${overview.posts.draft.toLocaleString("en")} drafts in progress · ` : null}
            <Link href={`/dashboard/${ctx.org.slug}/posts`} className="underline underline-offset-4">
              Browse posts
            </Link>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardDescription>Members</CardDescription>
            <CardTitle className="text-3xl tabular-nums">{totalMembers.toLocaleString("en")}</CardTitle>
          </CardHeader>
          <CardContent className="text-sm text-muted-foreground">
            {ROLES.slice()
              .reverse()
              .map((role) => `${overview.membersByRole[role].toLocaleString("en")} ${ROLE_LABELS[role].toLowerCase()}${overview.membersByRole[role] === 1 ? "" : "s"}`)
              .join(" · ")}
          </CardContent>
        </Card>
        {isAdmin ? (
          <Card>
            <CardHeader>
              <CardDescription>Pending invitations</CardDescription>
              <CardTitle className="text-3xl tabular-nums">{overview.pendingInvitations.toLocaleString("en")}</CardTitle>
            </CardHeader>
            <CardContent className="text-sm text-muted-foreground">
              <Link href={`/dashboard/${ctx.org.slug}/members`} className="underline underline-offset-4">
                Manage members
              </Link>
            </CardContent>
          </Card>
        ) : null}
      </div>
    </>
  );
}
