import { Download } from "lucide-react";
import type { Metadata } from "next";
import { AuditActor } from "@/features/audit/components/audit-actor";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { listAuditEvents } from "@/features/audit/operations";
import { AUDIT_PAGE_SIZE, auditList, type AuditFilter } from "@/features/audit/schemas";
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
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const base = `/dashboard/${ctx.org.slug}/audit`;
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
      <Card className="mb-4">
        <CardContent>
          <form method="get" action={base} className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5 lg:items-end">
            <div className="grid gap-2">
              <Label htmlFor="actor">Actor</Label>
              <select
                id="actor"
                name="actor"
                defaultValue={filter.actor ?? ""}
                className="h-9 rounded-md border border-input bg-background px-3 text-sm shadow-xs focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
              >
                <option value="">Anyone</option>
                {actors.map((actor) => (
                  <option key={actor.id} value={actor.id}>
                    {actor.label}
                  </option>
                ))}
              </select>
            </div>
            <div className="grid gap-2">
              <Label htmlFor="action">Action starts with</Label>
              <Input id="action" name="action" placeholder="e.g. members" defaultValue={filter.action ?? ""} />
            </div>
            <div className="grid gap-2">
              <Label htmlFor="from">From</Label>
              <Input id="from" name="from" type="date" defaultValue={filter.from ?? ""} />
            </div>
            <div className="grid gap-2">
              <Label htmlFor="to">To</Label>
              <Input id="to" name="to" type="date" defaultValue={filter.to ?? ""} />
            </div>
            <div className="flex gap-2">
              <Button type="submit">Filter</Button>
              <Button variant="ghost" asChild>
                <Link href={base}>Clear</Link>
              </Button>
            </div>
          </form>
        </CardContent>
      </Card>
      {rows.length === 0 ? (
        <Card>
          <CardContent className="py-10 text-center text-sm text-muted-foreground">No events match this filter.</CardContent>
        </Card>
      ) : (
        <Card className="py-0">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Time (UTC)</TableHead>
                <TableHead>Actor</TableHead>
                <TableHead>Action</TableHead>
                <TableHead>Target</TableHead>
                <TableHead className="hidden lg:table-cell">Details</TableHead>
                <TableHead className="hidden md:table-cell">IP</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((row) => (
                <TableRow key={row.id}>
                  <TableCell className="whitespace-nowrap">{dateTime.format(row.createdAt)}</TableCell>
                  <TableCell>
                    <AuditActor actor={row.actor} />
                  </TableCell>
                  <TableCell>
                    <code className={row.action.endsWith(".denied") ? "text-destructive" : undefined}>{row.action}</code>
                  </TableCell>
                  <TableCell className="max-w-40 truncate">{row.targetType ? `${row.targetType} ${row.targetId ?? ""}` : "—"}</TableCell>
                  <TableCell className="hidden max-w-md truncate text-muted-foreground lg:table-cell">{describe(row.metadata)}</TableCell>
                  <TableCell className="hidden text-muted-foreground md:table-cell">{row.ip ?? "—"}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Card>
      )}
      <nav aria-label="Pagination" className="mt-4 flex items-center justify-between text-sm">
        <span className="text-muted-foreground">
          {total.toLocaleString("en")} event{total === 1 ? "" : "s"} · page {filter.page} of {pages}
        </span>
        <span className="flex gap-2">
          {filter.page > 1 ? (
            <Button variant="outline" size="sm" asChild>
              <Link href={href(base, { page: filter.page - 1 })}>Previous</Link>
            </Button>
          ) : null}
          {filter.page < pages ? (
            <Button variant="outline" size="sm" asChild>
              <Link href={href(base, { page: filter.page + 1 })}>Next</Link>
            </Button>
          ) : null}
        </span>
      </nav>
    </>
  );
}
