import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { InvitationsTable } from "@/features/members/components/invitations-table";
import { InviteForm } from "@/features/members/components/invite-form";
import { MembersNav } from "@/features/members/components/members-nav";
import { Outbox } from "@/features/members/components/outbox";
import { listInvitations } from "@/features/members/operations";
import { loadOrgPage } from "@/server/authz/page";

export const metadata: Metadata = { title: "Invitations" };

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });

export default async function InvitationsPage({ params }: PageProps<"/dashboard/[org]/members/invitations">) {
  const {
    ctx,
    data: { invitations, outbox, grantable },
  } = await loadOrgPage(listInvitations, { route: "/dashboard/[org]/members/invitations", params });
  const now = new Date();

  return (
    <>
      <PageHeader title="Members" description="Invite people by email. Each link works once, for the invited address, for 7 days." />
      <MembersNav org={ctx.org.slug} current="invitations" />
      <div className="grid grid-cols-1 gap-6">
        <Card>
          <CardHeader>
            <CardTitle>Invite a member</CardTitle>
            <CardDescription>We email them a link to join. It works once, for that address only.</CardDescription>
          </CardHeader>
          <CardContent>
            <InviteForm org={ctx.org.slug} roles={grantable} />
          </CardContent>
        </Card>

        <Card className="gap-0 pb-0">
          <CardHeader className="pb-4">
            <CardTitle>Pending invitations</CardTitle>
            <CardDescription>Not accepted yet. Resending sends a new link and the old one stops working.</CardDescription>
          </CardHeader>
          <InvitationsTable
            org={ctx.org.slug}
            rows={invitations.map((invitation) => ({
              id: invitation.id,
              email: invitation.email,
              role: invitation.role,
              invitedBy: invitation.invitedBy,
              expires: invitation.expiresAt <= now ? null : dateFormat.format(invitation.expiresAt),
              emailed: Boolean(invitation.emailedAt),
            }))}
          />
        </Card>

        {outbox ? (
          <Card>
            <CardHeader>
              <CardTitle>Outbox</CardTitle>
              <CardDescription>
                Email is not configured (set SMTP_URL), so nothing was delivered. These are the messages this server kept for {ctx.org.name}: share a link
                yourself, or configure SMTP. They are kept in memory and lost on restart.
              </CardDescription>
            </CardHeader>
            <CardContent>
              <Outbox messages={outbox} />
            </CardContent>
          </Card>
        ) : null}
      </div>
    </>
  );
}
