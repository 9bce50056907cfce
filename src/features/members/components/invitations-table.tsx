"use client";

import { DataTable } from "@/components/data-table/data-table";
import { dataTableColumns, useDataTable } from "@/components/data-table/use-data-table";
import { Badge } from "@/components/ui/badge";
import { ROLE_LABELS, type Role } from "@/lib/roles";
import { InvitationActions } from "./invitation-actions";

/** A pending invitation as the table shows it (dates formatted by the server). */
export interface InvitationListRow {
  id: string;
  email: string;
  role: Role;
  invitedBy: string | null;
  /** "Dec 8, 2026", or null once expired. */
  expires: string | null;
  emailed: boolean;
}

const column = dataTableColumns<InvitationListRow>();

/**
 * The pending invitations on the shared data table. A short list shown whole (at most 200, newest
 * first), so it has no URL state of its own: no pages, no sorting.
 */
export function InvitationsTable({ org, rows }: { org: string; rows: InvitationListRow[] }) {
  const columns = column.columns([
    column.accessor("email", {
      id: "email",
      header: "Email",
      meta: { className: "max-w-44 pl-6 sm:max-w-56" },
      cell: ({ row }) => (
        <>
          <div className="truncate font-medium">{row.original.email}</div>
          {row.original.emailed ? null : (
            <Badge variant="destructive" className="mt-1">
              Email not sent: resend
            </Badge>
          )}
          <div className="text-xs text-muted-foreground sm:hidden">{ROLE_LABELS[row.original.role]}</div>
        </>
      ),
    }),
    column.accessor("role", {
      id: "role",
      header: "Role",
      meta: { className: "hidden sm:table-cell" },
      cell: ({ getValue }) => <Badge variant="secondary">{ROLE_LABELS[getValue()]}</Badge>,
    }),
    column.accessor("invitedBy", {
      id: "invitedBy",
      header: "Invited by",
      meta: { className: "hidden text-muted-foreground md:table-cell" },
      cell: ({ getValue }) => getValue() ?? "deleted user",
    }),
    column.accessor("expires", {
      id: "expires",
      header: "Expires",
      meta: { className: "hidden whitespace-nowrap sm:table-cell" },
      cell: ({ getValue }) => getValue() ?? <Badge variant="destructive">Expired</Badge>,
    }),
    column.display({
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      meta: { className: "pr-6" },
      cell: ({ row }) => <InvitationActions org={org} invitation={row.original} />,
    }),
  ]);
  const state = useDataTable({ id: "invitations", data: rows, columns, rowCount: rows.length, getRowId: (row) => row.id });
  return <DataTable state={state} bare label="Pending invitations" filtered={false} empty="No pending invitations." noResults="No pending invitations." />;
}
