"use client";

import { DataTable, DataTableColumnsMenu, DataTableFilters, DataTablePagination, NativeSelect } from "@/components/data-table/data-table";
import { dataTableColumns, useDataTable } from "@/components/data-table/use-data-table";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { AUDIT_PAGE_SIZE, auditList } from "../schemas";

/** One event as the log shows it (formatted by the server, so every reader sees the same text). */
export interface AuditListRow {
  id: string;
  /** "Dec 1, 2026, 8:42 PM" (UTC). */
  time: string;
  /** Name or email; null once the account is gone. */
  actor: string | null;
  action: string;
  target: string;
  details: string;
  ip: string;
}

const column = dataTableColumns<AuditListRow>();
const columns = column.columns([
  column.accessor("time", { id: "time", header: "Time (UTC)", enableHiding: false, meta: { className: "whitespace-nowrap" } }),
  column.accessor("actor", {
    id: "actor",
    header: "Actor",
    enableHiding: false,
    cell: ({ getValue }) => getValue() ?? <span className="text-muted-foreground italic">deleted user</span>,
  }),
  column.accessor("action", {
    id: "action",
    header: "Action",
    enableHiding: false,
    cell: ({ getValue }) => <code className={getValue().endsWith(".denied") ? "text-destructive" : undefined}>{getValue()}</code>,
  }),
  column.accessor("target", { id: "target", header: "Target", meta: { label: "Target", className: "max-w-40 truncate" } }),
  column.accessor("details", {
    id: "details",
    header: "Details",
    meta: { label: "Details", className: "hidden max-w-md truncate text-muted-foreground lg:table-cell" },
  }),
  column.accessor("ip", { id: "ip", header: "IP", meta: { label: "IP", className: "hidden text-muted-foreground md:table-cell" } }),
]);

/** The audit log on the shared data table: its filter and page live in the URL (auditList), newest first. */
export function AuditTable({ rows, total, actors }: { rows: AuditListRow[]; total: number; actors: { id: string; label: string }[] }) {
  const state = useDataTable({ id: "audit", list: auditList, data: rows, columns, rowCount: total, pageSize: AUDIT_PAGE_SIZE, getRowId: (row) => row.id });
  const { query } = state;
  const filtered = Boolean(query.actor || query.action || query.from || query.to);

  return (
    <div className="grid grid-cols-1 gap-4">
      <DataTableFilters
        state={state}
        fields={["actor", "action", "from", "to"]}
        parse={auditList.parse}
        clearHref={filtered ? state.href({ actor: undefined, action: undefined, from: undefined, to: undefined, page: 1 }) : undefined}
        className="grid gap-4 rounded-xl border bg-card p-6 shadow-sm sm:grid-cols-2 lg:grid-cols-5 lg:items-end"
      >
        <div className="grid gap-2">
          <Label htmlFor="actor">Actor</Label>
          <NativeSelect id="actor" name="actor" value={query.actor ?? ""}>
            <option value="">Anyone</option>
            {actors.map((actor) => (
              <option key={actor.id} value={actor.id}>
                {actor.label}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="grid gap-2">
          <Label htmlFor="action">Action starts with</Label>
          <Input id="action" name="action" placeholder="e.g. members" defaultValue={query.action ?? ""} />
        </div>
        <div className="grid gap-2">
          <Label htmlFor="from">From</Label>
          <Input id="from" name="from" type="date" defaultValue={query.from ?? ""} />
        </div>
        <div className="grid gap-2">
          <Label htmlFor="to">To</Label>
          <Input id="to" name="to" type="date" defaultValue={query.to ?? ""} />
        </div>
      </DataTableFilters>
      <div className="flex justify-end">
        <DataTableColumnsMenu state={state} />
      </div>
      <DataTable state={state} label="Audit events" filtered={filtered} empty="Nothing has happened here yet." noResults="No events match this filter." />
      <DataTablePagination state={state} summary={`${total.toLocaleString("en")} event${total === 1 ? "" : "s"}`} />
    </div>
  );
}
