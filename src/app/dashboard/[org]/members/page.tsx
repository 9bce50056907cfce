import { Download, UserPlus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { LeaveOrgButton } from "@/features/members/components/leave-org-button";
import { MembersNav } from "@/features/members/components/members-nav";
import { MembersTable } from "@/features/members/components/members-table";
import { listMembers } from "@/features/members/operations";
import { memberList, type MemberQuery } from "@/features/members/schemas";
import { can } from "@/server/authz/guard";
import { loadOrgPage } from "@/server/authz/page";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params, searchParams }: PageProps<"/dashboard/[org]/members">) {
  const { ctx, input, data } = await loadOrgPage(listMembers, { route: "/dashboard/[org]/members", params, searchParams });
  const permissions = {
    emails: can(ctx, "members.viewEmails"),
    manage: can(ctx, "members.updateRole") && can(ctx, "members.remove"),
  };
  const canInvite = can(ctx, "invitations.create");
  // The view as shown: the operation's page and order (it drops an email sort for non-admins), the filter as asked.
  const query: MemberQuery = { page: data.page, size: data.size, sort: data.sort, dir: data.dir, role: input.role, q: input.q };
  const { members: rows, total } = data;
  const base = `/dashboard/${ctx.org.slug}/members`;
  // Only the admin so far: the useful next step is an invitation, not an empty directory.
  const alone = canInvite && !query.q && !query.role && total <= 1;

  return (
    <>
      <PageHeader
        title="Members"
        description={permissions.manage ? "Everyone in this organization: change roles, remove members, invite new ones." : "Everyone in this organization."}
        actions={
          <>
            {permissions.emails ? (
              <Button variant="outline" asChild>
                <a href={memberList.href(`/api/orgs/${ctx.org.slug}/members/export`, { role: query.role, q: query.q })} download>
                  <Download className="size-4" aria-hidden /> Export CSV
                </a>
              </Button>
            ) : null}
            <LeaveOrgButton org={ctx.org} />
            {canInvite ? (
              <Button asChild>
                <Link href={`${base}/invitations`}>
                  <UserPlus className="size-4" aria-hidden /> Invite member
                </Link>
              </Button>
            ) : null}
          </>
        }
      />
      {canInvite ? <MembersNav org={ctx.org.slug} current="members" /> : null}
      {alone ? (
        <Card className="mb-4">
          <CardHeader>
            <CardTitle>It’s just you so far</CardTitle>
            <CardDescription>Invite your team: they get an email with a link to join {ctx.org.name} with the role you choose.</CardDescription>
          </CardHeader>
          <CardContent>
            <Button asChild>
              <Link href={`${base}/invitations`}>
                <UserPlus className="size-4" aria-hidden /> Invite your first member
              </Link>
            </Button>
          </CardContent>
        </Card>
      ) : null}
      <MembersTable org={ctx.org.slug} rows={rows} total={total} currentUserId={ctx.user.id} permissions={permissions} />
    </>
  );
}
