import type { Metadata } from "next";
import Link from "next/link";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { SignOutButton } from "@/features/accounts/components/sign-out-button";
import { AcceptInvitationButton } from "@/features/members/components/accept-invitation-button";
import { INVALID_INVITATION, INVITATION_PROBLEMS, invitationStatus, isInvitationFor, wrongAccountMessage } from "@/features/members/invitation-status";
import { findInvitationByTokenHash, isMember } from "@/features/members/queries";
import { invitationTokenSchema } from "@/features/members/schemas";
import { hashInvitationToken } from "@/features/members/tokens";
import { ROLE_LABELS } from "@/lib/roles";
import { pageUser } from "@/server/session";

// Public: whoever holds the link sees which organization and role it offers. Accepting needs the
// invited address's account; the action checks everything again.

// The token is in the URL: never send it to another site in a Referer header.
export const metadata: Metadata = { title: "Invitation", referrer: "no-referrer" };

function Message({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h1 className="text-xl">{title}</h1>
        </CardTitle>
      </CardHeader>
      <CardContent className="grid gap-4 text-sm">{children}</CardContent>
    </Card>
  );
}

export default async function InvitationPage({ params }: PageProps<"/invite/[token]">) {
  const { token } = await params;
  const invitation = invitationTokenSchema.safeParse(token).success ? await findInvitationByTokenHash(hashInvitationToken(token)) : null;
  const user = await pageUser(`/invite/${encodeURIComponent(token)}`);
  const home = (
    <Button variant="outline" asChild>
      <Link href={user ? "/dashboard" : "/"}>{user ? "Go to your dashboard" : "Go to Orgdesk"}</Link>
    </Button>
  );

  if (!invitation) {
    return (
      <Message title={INVALID_INVITATION.title}>
        <p className="text-muted-foreground">{INVALID_INVITATION.message}</p>
        {home}
      </Message>
    );
  }
  const status = invitationStatus(invitation);
  if (status !== "pending") {
    return (
      <Message title={INVITATION_PROBLEMS[status].title}>
        <p className="text-muted-foreground">{INVITATION_PROBLEMS[status].message}</p>
        {home}
      </Message>
    );
  }

  const role = ROLE_LABELS[invitation.role].toLowerCase();
  const back = encodeURIComponent(`/invite/${token}`);
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h1 className="text-xl">Join {invitation.org.name}</h1>
        </CardTitle>
        <CardDescription>
          You are invited to join <span className="font-medium text-foreground">{invitation.org.name}</span> as {role === "admin" ? "an" : "a"}{" "}
          <span className="font-medium text-foreground">{role}</span>. This invitation is for {invitation.email}.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4 text-sm">
        {!user ? (
          <>
            <Button asChild className="w-full">
              <Link href={`/login?callbackUrl=${back}`}>Sign in to accept</Link>
            </Button>
            <Button variant="outline" asChild className="w-full">
              <Link href={`/register?callbackUrl=${back}`}>Create an account</Link>
            </Button>
            <p className="text-muted-foreground">Use that address. After creating your account, open this link again to accept.</p>
          </>
        ) : !isInvitationFor(invitation, user.email) ? (
          <>
            <Alert variant="destructive">
              <AlertDescription>{wrongAccountMessage(invitation.email, user.email)}</AlertDescription>
            </Alert>
            <SignOutButton />
          </>
        ) : (await isMember(invitation.org.id, user.id)) ? (
          <>
            <p className="text-muted-foreground">You are already a member of {invitation.org.name}.</p>
            <Button asChild>
              <Link href={`/dashboard/${invitation.org.slug}`}>Open {invitation.org.name}</Link>
            </Button>
          </>
        ) : (
          <AcceptInvitationButton token={token} orgName={invitation.org.name} />
        )}
      </CardContent>
    </Card>
  );
}
