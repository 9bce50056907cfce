import type { Metadata } from "next";
import { SessionProvider } from "next-auth/react";
import Link from "next/link";
import { UserMenu } from "@/components/app-shell/user-menu";
import { Brand } from "@/components/brand";
import { Avatar, AvatarFallback, AvatarImage } from "@/components/ui/avatar";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { DeleteAccountForm, PasswordForm, ProfileForm, SessionsList, SignInMethods } from "@/features/accounts/components/account-settings";
import { oauthProviderButtons } from "@/features/accounts/providers";
import { accountOverview, listActiveSessions } from "@/features/accounts/queries";
import { describeUserAgent } from "@/lib/user-agent";
import { currentSession, requireUser } from "@/server/session";

export const metadata: Metadata = { title: "Account settings" };

const dateTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const date = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });

function initials(name: string | null, email: string | null): string {
  const source = name?.trim() || email || "?";
  return source
    .split(/\s+/)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? "")
    .join("");
}

export default async function AccountSettingsPage() {
  const user = await requireUser("/settings/account");
  const [overview, sessions, session] = await Promise.all([accountOverview(user.id), listActiveSessions(user.id), currentSession()]);
  if (!overview) return null;
  const currentKey = session?.sessionKey;
  const providers = oauthProviderButtons();
  const labelOf = (id: string) => providers.find((p) => p.id === id)?.name ?? id;

  return (
    <div className="flex min-h-svh flex-col items-center gap-6 bg-muted/40 p-4 sm:p-6">
      <header className="flex w-full max-w-2xl items-center justify-between gap-2">
        <Link href="/dashboard" className="rounded-md focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none">
          <Brand />
        </Link>
        {session ? (
          <SessionProvider session={session} refetchOnWindowFocus={false}>
            <UserMenu />
          </SessionProvider>
        ) : null}
      </header>
      <main className="grid w-full max-w-2xl gap-6">
        <div className="flex items-center gap-3">
          <Avatar size="lg">
            {overview.image ? <AvatarImage src={overview.image} alt="" /> : null}
            <AvatarFallback>{initials(overview.name, overview.email)}</AvatarFallback>
          </Avatar>
          <div>
            <h1 className="text-2xl font-semibold">Account settings</h1>
            <p className="text-sm text-muted-foreground" data-testid="account-email">
              {overview.email}
            </p>
          </div>
        </div>

        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Profile</h2>
            </CardTitle>
            <CardDescription>Your email address ({overview.email}) cannot be changed here.</CardDescription>
          </CardHeader>
          <CardContent>
            <ProfileForm name={overview.name ?? ""} image={overview.image ?? ""} />
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Sessions</h2>
            </CardTitle>
            <CardDescription>Where you are signed in. Sign out of any device you do not recognise.</CardDescription>
          </CardHeader>
          <CardContent>
            <SessionsList
              sessions={sessions.map((s) => ({
                id: s.id,
                device: describeUserAgent(s.userAgent),
                ip: s.ip,
                createdAt: dateTime.format(s.createdAt),
                lastSeenAt: dateTime.format(s.lastSeenAt),
                current: s.key === currentKey,
              }))}
            />
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Password</h2>
            </CardTitle>
            <CardDescription>Changing your password signs you out of every other device.</CardDescription>
          </CardHeader>
          <CardContent>
            <PasswordForm hasPassword={overview.hasPassword} linkedAccounts={overview.accounts.length} />
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Sign-in methods</h2>
            </CardTitle>
            <CardDescription>Keep at least one: a password or a connected provider. Each provider connects one identity.</CardDescription>
          </CardHeader>
          <CardContent>
            <SignInMethods
              hasPassword={overview.hasPassword}
              accounts={overview.accounts.map((a) => ({
                id: a.id,
                provider: a.provider,
                label: labelOf(a.provider),
                identity: a.identity,
                linkedAt: date.format(a.createdAt),
              }))}
              connectable={providers.filter((p) => !overview.accounts.some((a) => a.provider === p.id))}
            />
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Delete account</h2>
            </CardTitle>
          </CardHeader>
          <CardContent>
            <DeleteAccountForm hasPassword={overview.hasPassword} />
          </CardContent>
        </Card>
      </main>
    </div>
  );
}
