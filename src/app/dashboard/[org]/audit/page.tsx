import { Download } from "lucide-react";
import type { Metadata } from "next";
import { AuditTable } from "@/features/audit/components/audit-table";
import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { listAuditEvents } from "@/features/audit/operations";
import { auditList, type AuditFilter } from "@/features/audit/schemas";
import { loadOrgPage } from "@/server/authz/page";

export const metadata: Metadata = { title: "Audit log" };

const dateTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

function describe(metadata: unknown): string {
  if (!metadata || typeof metadata !== "object") return "";
  return Object.entries(metadata as Record<string, unknown>)
    .map(([key, value]) => `${key}: ${typeof value === "object" ? JSON.stringify(value) : String(value)}`)
    .join(" · ");
}

export default async function AuditPage({ params, searchParams }: PageProps<"/dashboard/[org]/audit">) {
  const {
    ctx,
    input: filter,
    data: { events: rows, total, actors },
  } = await loadOrgPage(listAuditEvents, { route: "/dashboard/[org]/audit", params, searchParams });
  const href = (path: string, changes: Partial<AuditFilter>) => auditList.href(path, { ...filter, ...changes });

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change in this organization, and every refused attempt, with who, when and from where."
        actions={
          <Button variant="outline" asChild>
            <a href={href(`/api/orgs/${ctx.org.slug}/audit/export`, { page: undefined })} download>
              <Download className="size-4" aria-hidden /> Export CSV
            </a>
          </Button>
        }
      />
      <AuditTable
        total={total}
        actors={actors}
        rows={rows.map((row) => ({
          id: row.id,
          time: dateTime.format(row.createdAt),
          actor: row.actor ? (row.actor.name ?? row.actor.email) : null,
          action: row.action,
          target: row.targetType ? `${row.targetType} ${row.targetId ?? ""}` : "—",
          details: describe(row.metadata),
          ip: row.ip ?? "—",
        }))}
      />
    </>
  );
}
