import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { InvitationActions } from "@/features/members/components/invitation-actions";
import { InviteForm } from "@/features/members/components/invite-form";
import { MembersNav } from "@/features/members/components/members-nav";
import { Outbox } from "@/features/members/components/outbox";
import { listInvitations } from "@/features/members/operations";
import { ROLE_LABELS } from "@/lib/roles";
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
          {invitations.length === 0 ? (
            <CardContent className="pb-6 text-sm text-muted-foreground">No pending invitations.</CardContent>
          ) : (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead className="pl-6">Email</TableHead>
                  <TableHead className="hidden sm:table-cell">Role</TableHead>
                  <TableHead className="hidden md:table-cell">Invited by</TableHead>
                  <TableHead className="hidden sm:table-cell">Expires</TableHead>
                  <TableHead className="pr-6">
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {invitations.map((invitation) => (
                  <TableRow key={invitation.id}>
                    <TableCell className="max-w-44 pl-6 sm:max-w-56">
                      <div className="truncate font-medium">{invitation.email}</div>
                      {invitation.emailedAt ? null : (
                        <Badge variant="destructive" className="mt-1">
                          Email not sent: resend
                        </Badge>
                      )}
                      <div className="text-xs text-muted-foreground sm:hidden">{ROLE_LABELS[invitation.role]}</div>
                    </TableCell>
                    <TableCell className="hidden sm:table-cell">
                      <Badge variant="secondary">{ROLE_LABELS[invitation.role]}</Badge>
                    </TableCell>
                    <TableCell className="hidden text-muted-foreground md:table-cell">{invitation.invitedBy ?? "deleted user"}</TableCell>
                    <TableCell className="hidden whitespace-nowrap sm:table-cell">
                      {invitation.expiresAt <= now ? <Badge variant="destructive">Expired</Badge> : <span className="text-muted-foreground">{dateFormat.format(invitation.expiresAt)}</span>}
                    </TableCell>
                    <TableCell className="pr-6">
                      <InvitationActions org={ctx.org.slug} invitation={invitation} />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
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
