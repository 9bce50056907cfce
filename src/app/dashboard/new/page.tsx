import type { Metadata } from "next";
import Link from "next/link";
import { Brand } from "@/components/brand";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CreateOrgForm } from "@/features/orgs/components/create-org-form";
import { listUserOrganizations } from "@/features/orgs/queries";
import { requireUser } from "@/server/session";

export const metadata: Metadata = { title: "Create an organization" };

export default async function NewOrganizationPage() {
  const user = await requireUser("/dashboard/new");
  const hasOrganizations = (await listUserOrganizations(user.id)).length > 0;
  return (
    <div className="flex min-h-svh flex-col items-center justify-center gap-6 bg-muted/40 p-4 sm:p-6">
      <Link href="/dashboard" className="rounded-md">
        <Brand />
      </Link>
      <main className="w-full max-w-md">
        <Card>
          <CardHeader>
            <CardTitle>
              <h1 className="text-xl">{hasOrganizations ? "Create an organization" : "Create your first organization"}</h1>
            </CardTitle>
            <CardDescription>You will be its admin: invite members, give them roles, and publish posts together.</CardDescription>
          </CardHeader>
          <CardContent>
            <CreateOrgForm />
          </CardContent>
        </Card>
        {hasOrganizations ? (
          <p className="mt-4 text-center text-sm">
            <Link href="/dashboard" className="underline underline-offset-4">
              Back to the dashboard
            </Link>
          </p>
        ) : null}
      </main>
    </div>
  );
}
