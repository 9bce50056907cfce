"use client";

import { X } from "lucide-react";
import { useMemo } from "react";
import {
  DataTable,
  DataTableColumnsMenu,
  DataTableFilters,
  DataTablePagination,
  DataTableSearch,
  interceptClick,
  NativeSelect,
} from "@/components/data-table/data-table";
import { dataTableColumns, useDataTable } from "@/components/data-table/use-data-table";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/label";
import { ROLE_LABELS, ROLES, isRole } from "@/lib/roles";
import type { MemberRow } from "../queries";
import { MAX_SEARCH_LENGTH, memberList, PAGE_SIZES } from "../schemas";
import { BulkActions, MemberActions } from "./member-actions";

// The member directory: the shared data table over the directory's URL state
// (`?page=&size=&sort=&dir=&role=&q=`, memberList), with selection and row actions for admins.

const column = dataTableColumns<MemberRow>();
const joinedFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });

export interface MembersTableProps {
  org: string;
  rows: MemberRow[];
  total: number;
  currentUserId: string;
  /** What the viewer may see and do; the server enforces the same rules on every request. */
  permissions: { emails: boolean; manage: boolean };
}

export function MembersTable({ org, rows, total, currentUserId, permissions }: MembersTableProps) {
  const columns = useMemo(
    () =>
      column.columns([
        ...(permissions.manage
          ? [
              column.display({
                id: "select",
                enableHiding: false,
                enableSorting: false,
                meta: { className: "w-10" },
                header: ({ table }) => (
                  <Checkbox
                    aria-label="Select all members on this page"
                    // No "indeterminate": the shared checkbox draws it as a tick. The bar above counts a partial selection.
                    checked={table.getIsAllPageRowsSelected()}
                    onCheckedChange={(value) => table.toggleAllPageRowsSelected(value === true)}
                    disabled={!table.getRowModel().rows.some((row) => row.getCanSelect())}
                  />
                ),
                cell: ({ row }) => (
                  <Checkbox
                    aria-label={`Select ${row.original.name ?? row.original.email ?? "member"}`}
                    checked={row.getIsSelected()}
                    onCheckedChange={(value) => row.toggleSelected(value === true)}
                    disabled={!row.getCanSelect()}
                  />
                ),
              }),
            ]
          : []),
        column.accessor("name", {
          id: "name",
          header: "Name",
          enableHiding: false,
          sortDescFirst: false,
          cell: ({ row }) => (
            <span className="font-medium">
              {row.original.name ?? <span className="text-muted-foreground italic">No name</span>}
              {row.original.userId === currentUserId ? <span className="ml-2 text-xs font-normal text-muted-foreground">(you)</span> : null}
            </span>
          ),
        }),
        ...(permissions.emails
          ? [
              column.accessor((row) => row.email ?? "", {
                id: "email",
                header: "Email",
                sortDescFirst: false,
                meta: { label: "Email", className: "max-w-64 truncate" },
                cell: ({ getValue }) => <span className="text-muted-foreground">{getValue()}</span>,
              }),
            ]
          : []),
        column.accessor("role", {
          id: "role",
          header: "Role",
          sortDescFirst: false,
          meta: { label: "Role" },
          cell: ({ getValue }) => <Badge variant={getValue() === "admin" ? "default" : "secondary"}>{ROLE_LABELS[getValue()]}</Badge>,
        }),
        column.accessor("joinedAt", {
          id: "joined",
          header: "Joined",
          sortDescFirst: true,
          meta: { label: "Joined", className: "hidden sm:table-cell" },
          cell: ({ getValue }) => <span className="whitespace-nowrap text-muted-foreground tabular-nums">{joinedFormat.format(getValue())}</span>,
        }),
        ...(permissions.manage
          ? [
              column.display({
                id: "actions",
                enableHiding: false,
                enableSorting: false,
                meta: { className: "w-12" },
                header: () => <span className="sr-only">Actions</span>,
                cell: ({ row }) => (row.original.userId === currentUserId ? null : <MemberActions org={org} member={row.original} />),
              }),
            ]
          : []),
      ]),
    [permissions.manage, permissions.emails, currentUserId, org],
  );

  const state = useDataTable({
    id: "members",
    list: memberList,
    data: rows,
    columns,
    rowCount: total,
    getRowId: (row) => row.userId,
    // Nobody changes their own role or removes themselves from the table.
    enableRowSelection: (row) => permissions.manage && row.original.userId !== currentUserId,
  });
  const { query } = state;
  const selectedIds = state.table.getSelectedRowIds();
  const filtered = Boolean(query.q || query.role);
  const firstRow = total === 0 ? 0 : (query.page - 1) * query.size + 1;
  const lastRow = Math.min(query.page * query.size, total);

  return (
    // grid-cols-1 (minmax(0, 1fr)) lets the table scroll sideways on a phone instead of widening the page.
    <div className="grid grid-cols-1 gap-4">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center">
        <DataTableFilters
          state={state}
          fields={["q", "role"]}
          parse={memberList.parse}
          live
          submitLabel="Search"
          className="flex flex-1 flex-col gap-3 sm:flex-row sm:items-center"
        >
          <DataTableSearch
            state={state}
            name="q"
            label="Search members"
            placeholder={permissions.emails ? "Search name or email" : "Search by name"}
            maxLength={MAX_SEARCH_LENGTH}
            className="sm:max-w-xs sm:flex-1"
          />
          <Label htmlFor="role-filter" className="sr-only">
            Filter by role
          </Label>
          <NativeSelect
            id="role-filter"
            name="role"
            value={query.role ?? ""}
            onChange={(value) => void state.setQuery({ role: isRole(value) ? value : undefined, page: 1 })}
            className="sm:w-36"
          >
            <option value="">All roles</option>
            {ROLES.slice()
              .reverse()
              .map((role) => (
                <option key={role} value={role}>
                  {ROLE_LABELS[role]}s
                </option>
              ))}
          </NativeSelect>
        </DataTableFilters>
        <div className="flex items-center gap-2">
          <DataTableColumnsMenu state={state} />
          {filtered ? (
            <Button variant="ghost" asChild>
              <a
                href={state.href({ q: undefined, role: undefined, page: 1 })}
                onClick={(event) => interceptClick(event, () => void state.setQuery({ q: undefined, role: undefined, page: 1 }))}
              >
                <X className="size-4" aria-hidden /> Clear
              </a>
            </Button>
          ) : null}
        </div>
      </div>

      {permissions.manage && selectedIds.length > 0 ? <BulkActions org={org} userIds={selectedIds} onDone={state.clearSelection} /> : null}

      <DataTable state={state} label="Members" filtered={filtered} empty="No members yet." noResults="No members match this search." />

      <DataTablePagination
        state={state}
        pageSizes={PAGE_SIZES}
        summary={total === 0 ? "No members" : `${firstRow.toLocaleString("en")}–${lastRow.toLocaleString("en")} of ${total.toLocaleString("en")} members`}
      />
    </div>
  );
}
