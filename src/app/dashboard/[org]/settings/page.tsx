import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { DeleteOrgDialog } from "@/features/orgs/components/delete-org-dialog";
import { OrgSettingsForm } from "@/features/orgs/components/org-settings-form";
import { authorizeOrgPage } from "@/server/authz/guard";

export const metadata: Metadata = { title: "Organization settings" };

export default async function OrgSettingsPage({ params }: PageProps<"/dashboard/[org]/settings">) {
  const { org } = await params;
  const ctx = await authorizeOrgPage(org, "orgs.update", `/dashboard/${org}/settings`);
  const current = { slug: ctx.org.slug, name: ctx.org.name };
  return (
    <>
      <PageHeader title="Settings" description="The organization's name and address." />
      <div className="grid gap-6">
        <Card>
          <CardHeader>
            <CardTitle>General</CardTitle>
          </CardHeader>
          <CardContent>
            <OrgSettingsForm org={current} />
          </CardContent>
        </Card>
        <Card className="border-destructive/40">
          <CardHeader>
            <CardTitle>Delete organization</CardTitle>
            <CardDescription>Permanently remove {ctx.org.name} and everything in it.</CardDescription>
          </CardHeader>
          <CardContent>
            <DeleteOrgDialog org={current} />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
