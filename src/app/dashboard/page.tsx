import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Brand } from "@/components/brand";
import { SignOutButton } from "@/features/accounts/components/sign-out-button";
import { listUserOrganizations } from "@/features/orgs/queries";
import { requireUser } from "@/server/session";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const user = await requireUser("/dashboard");
  const organizations = await listUserOrganizations(user.id);
  return (
    <div className="min-h-svh bg-muted/40">
      <header className="flex items-center justify-between border-b bg-background px-4 py-3 sm:px-6">
        <Brand />
        <SignOutButton variant="ghost" />
      </header>
      <main className="mx-auto grid max-w-3xl gap-6 p-4 sm:p-6">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Welcome, {user.name ?? user.email}</h1>
          <p className="text-muted-foreground" data-testid="signed-in-as">
            Signed in as {user.email}
          </p>
        </div>
        <Card>
          <CardHeader>
            <CardTitle>Your organizations</CardTitle>
            <CardDescription>Your role in each organization decides what you can do there.</CardDescription>
          </CardHeader>
          <CardContent>
            {organizations.length === 0 ? (
              <p className="text-sm text-muted-foreground">You are not a member of any organization yet.</p>
            ) : (
              <ul className="divide-y">
                {organizations.map((org) => (
                  <li key={org.slug} className="flex items-center justify-between py-3">
                    <span className="font-medium">{org.name}</span>
                    <Badge variant="secondary">{org.role}</Badge>
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>
      </main>
    </div>
  );
}
