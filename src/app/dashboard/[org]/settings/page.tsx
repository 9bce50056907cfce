import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { DeleteOrgDialog } from "@/features/orgs/components/delete-org-dialog";
import { OrgSettingsForm } from "@/features/orgs/components/org-settings-form";
import { readOrgSettings } from "@/features/orgs/operations";
import { loadOrgPage } from "@/server/authz/page";

export const metadata: Metadata = { title: "Organization settings" };

export default async function OrgSettingsPage({ params }: PageProps<"/dashboard/[org]/settings">) {
  const { ctx, data: current } = await loadOrgPage(readOrgSettings, { route: "/dashboard/[org]/settings", params });
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
