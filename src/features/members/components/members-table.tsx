"use client";

import {
  columnVisibilityFeature,
  createColumnHelper,
  rowPaginationFeature,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnVisibilityState,
  type PaginationState,
  type RowSelectionState,
  type SortingState,
  type Updater,
} from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ArrowUpDown, ChevronLeft, ChevronRight, ChevronsLeft, ChevronsRight, Columns3, Search, X } from "lucide-react";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import {
  DropdownMenu,
  DropdownMenuCheckboxItem,
  DropdownMenuContent,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ROLE_LABELS, ROLES, isRole } from "@/lib/roles";
import { cn } from "@/lib/utils";
import type { MemberRow } from "../queries";
import { memberList, PAGE_SIZES, type MemberQuery, type MemberSort, type PageSize } from "../schemas";
import { BulkActions, MemberActions } from "./member-actions";

// The member directory. The server owns the data: every view (page, size, sort, filter, search) is
// a URL (`?page=&size=&sort=&dir=&role=&q=`) the server renders, so views can be bookmarked and
// shared and back/forward work. TanStack Table holds the view state in "manual" mode (it neither
// sorts nor slices) plus what is only local: visible columns and the selection.

const features = tableFeatures({ rowSortingFeature, rowPaginationFeature, columnVisibilityFeature, rowSelectionFeature });
const helper = createColumnHelper<typeof features, MemberRow>();

const SEARCH_DEBOUNCE_MS = 300;
const joinedFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });
const COLUMN_LABELS: Record<string, string> = { name: "Name", email: "Email", role: "Role", joined: "Joined" };

export interface MembersTableProps {
  org: string;
  rows: MemberRow[];
  total: number;
  query: MemberQuery;
  currentUserId: string;
  /** What the viewer may see and do; the server enforces the same rules on every request. */
  permissions: { emails: boolean; manage: boolean };
}

function SortIcon({ direction }: { direction: false | "asc" | "desc" }) {
  if (direction === "asc") return <ArrowUp className="size-3.5" aria-hidden />;
  if (direction === "desc") return <ArrowDown className="size-3.5" aria-hidden />;
  return <ArrowUpDown className="size-3.5 opacity-50" aria-hidden />;
}

export function MembersTable({ org, rows, total, query, currentUserId, permissions }: MembersTableProps) {
  const router = useRouter();
  const pathname = usePathname();
  const [navigating, startNavigation] = useTransition();

  const navigate = (changes: Partial<MemberQuery>) => {
    const next = { ...query, ...changes };
    startNavigation(() => router.push(memberList.href(pathname, next), { scroll: false }));
  };

  // ---------------------------------------------------------------- search, debounced
  // `draft` is what the person is typing; null once the URL has caught up (also after back/forward).
  const [draft, setDraft] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const onSearch = (text: string) => {
    setDraft(text);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      // Same transition as the navigation: the draft is dropped when the new page arrives, not before.
      startNavigation(() => {
        router.push(memberList.href(pathname, { ...query, q: text.trim() || undefined, page: 1 }), { scroll: false });
        setDraft(null);
      });
    }, SEARCH_DEBOUNCE_MS);
  };

  // ---------------------------------------------------------------- table state
  const [columnVisibility, setColumnVisibility] = useState<ColumnVisibilityState>({});
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  // A new page of rows (another view, or the result of a change) starts with nothing selected.
  const [selectionRows, setSelectionRows] = useState(rows);
  if (selectionRows !== rows) {
    setSelectionRows(rows);
    setRowSelection({});
  }

  const sorting: SortingState = [{ id: query.sort, desc: query.dir === "desc" }];
  const pagination: PaginationState = { pageIndex: query.page - 1, pageSize: query.size };
  const apply = <T,>(updater: Updater<T>, current: T): T => (typeof updater === "function" ? (updater as (old: T) => T)(current) : updater);

  const columns = useMemo(
    () =>
      helper.columns([
        ...(permissions.manage
          ? [
              helper.display({
                id: "select",
                enableHiding: false,
                enableSorting: false,
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
        helper.accessor("name", {
          id: "name",
          header: "Name",
          enableHiding: false,
          cell: ({ row }) => (
            <span className="font-medium">
              {row.original.name ?? <span className="italic text-muted-foreground">No name</span>}
              {row.original.userId === currentUserId ? <span className="ml-2 text-xs font-normal text-muted-foreground">(you)</span> : null}
            </span>
          ),
        }),
        ...(permissions.emails
          ? [helper.accessor((row) => row.email ?? "", { id: "email", header: "Email", cell: ({ getValue }) => <span className="text-muted-foreground">{getValue()}</span> })]
          : []),
        helper.accessor("role", {
          id: "role",
          header: "Role",
          cell: ({ getValue }) => <Badge variant={getValue() === "admin" ? "default" : "secondary"}>{ROLE_LABELS[getValue()]}</Badge>,
        }),
        helper.accessor("joinedAt", {
          id: "joined",
          header: "Joined",
          cell: ({ getValue }) => <span className="whitespace-nowrap tabular-nums text-muted-foreground">{joinedFormat.format(getValue())}</span>,
        }),
        ...(permissions.manage
          ? [
              helper.display({
                id: "actions",
                enableHiding: false,
                enableSorting: false,
                header: () => <span className="sr-only">Actions</span>,
                cell: ({ row }) => (row.original.userId === currentUserId ? null : <MemberActions org={org} member={row.original} />),
              }),
            ]
          : []),
      ]),
    [permissions.manage, permissions.emails, currentUserId, org],
  );

  const table = useTable({
    features,
    columns,
    data: rows,
    getRowId: (row) => row.userId,
    manualSorting: true,
    manualPagination: true,
    rowCount: total,
    enableSortingRemoval: false,
    enableMultiSort: false,
    // Nobody changes their own role or removes themselves from the table.
    enableRowSelection: (row) => permissions.manage && row.original.userId !== currentUserId,
    state: { sorting, pagination, columnVisibility, rowSelection },
    onSortingChange: (updater) => {
      const [next] = apply(updater, sorting);
      if (next) navigate({ sort: next.id as MemberSort, dir: next.desc ? "desc" : "asc", page: 1 });
    },
    onPaginationChange: (updater) => {
      const next = apply(updater, pagination);
      navigate({ page: next.pageIndex + 1, size: next.pageSize as PageSize });
    },
    onColumnVisibilityChange: (updater) => setColumnVisibility((old) => apply(updater, old)),
    onRowSelectionChange: (updater) => setRowSelection((old) => apply(updater, old)),
  });

  const pageCount = Math.max(1, Math.ceil(total / query.size));
  const selectedIds = Object.keys(rowSelection).filter((id) => rowSelection[id]);
  const filtered = Boolean(query.q || query.role);
  const firstRow = total === 0 ? 0 : (query.page - 1) * query.size + 1;
  const lastRow = Math.min(query.page * query.size, total);

  return (
    // grid-cols-1 (minmax(0, 1fr)) lets the table scroll sideways on a phone instead of widening the page.
    <div className="grid grid-cols-1 gap-4">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center">
        <div className="relative sm:max-w-xs sm:flex-1">
          <Label htmlFor="member-search" className="sr-only">
            Search members
          </Label>
          <Search className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
          <Input
            id="member-search"
            type="search"
            className="pl-9"
            placeholder={permissions.emails ? "Search name or email" : "Search by name"}
            value={draft ?? query.q ?? ""}
            onChange={(event) => onSearch(event.target.value)}
            maxLength={100}
            autoComplete="off"
          />
        </div>
        <div className="flex items-center gap-2">
          <Label htmlFor="role-filter" className="sr-only">
            Filter by role
          </Label>
          <Select value={query.role ?? "all"} onValueChange={(value) => navigate({ role: isRole(value) ? value : undefined, page: 1 })}>
            <SelectTrigger id="role-filter" className="w-36">
              {/* Explicit text: Radix only learns item labels after hydration, so the server render would be blank. */}
              <SelectValue>{query.role ? `${ROLE_LABELS[query.role]}s` : "All roles"}</SelectValue>
            </SelectTrigger>
            <SelectContent>
              <SelectItem value="all">All roles</SelectItem>
              {ROLES.slice()
                .reverse()
                .map((role) => (
                  <SelectItem key={role} value={role}>
                    {ROLE_LABELS[role]}s
                  </SelectItem>
                ))}
            </SelectContent>
          </Select>
          <DropdownMenu>
            <DropdownMenuTrigger asChild>
              <Button variant="outline" className="gap-2">
                <Columns3 className="size-4" aria-hidden /> Columns
              </Button>
            </DropdownMenuTrigger>
            <DropdownMenuContent align="end">
              <DropdownMenuLabel>Show columns</DropdownMenuLabel>
              <DropdownMenuSeparator />
              {table
                .getAllLeafColumns()
                .filter((column) => column.getCanHide())
                .map((column) => (
                  <DropdownMenuCheckboxItem
                    key={column.id}
                    checked={column.getIsVisible()}
                    onCheckedChange={(value) => column.toggleVisibility(value === true)}
                    onSelect={(event) => event.preventDefault()}
                  >
                    {COLUMN_LABELS[column.id] ?? column.id}
                  </DropdownMenuCheckboxItem>
                ))}
            </DropdownMenuContent>
          </DropdownMenu>
          {filtered ? (
            <Button variant="ghost" onClick={() => (setDraft(null), navigate({ q: undefined, role: undefined, page: 1 }))}>
              <X className="size-4" aria-hidden /> Clear
            </Button>
          ) : null}
        </div>
      </div>

      {permissions.manage && selectedIds.length > 0 ? (
        <BulkActions org={org} userIds={selectedIds} onDone={() => setRowSelection({})} />
      ) : null}

      <Card className={cn("py-0 transition-opacity", navigating && "opacity-60")} aria-busy={navigating}>
        <Table>
          <TableHeader>
            {table.getHeaderGroups().map((group) => (
              <TableRow key={group.id}>
                {group.headers.map((header) => {
                  const column = header.column;
                  const direction = column.getIsSorted();
                  return (
                    <TableHead
                      key={header.id}
                      className={cn(column.id === "select" && "w-10", column.id === "actions" && "w-12", column.id === "joined" && "hidden sm:table-cell")}
                      aria-sort={direction === "asc" ? "ascending" : direction === "desc" ? "descending" : undefined}
                    >
                      {header.isPlaceholder ? null : column.getCanSort() ? (
                        <button
                          type="button"
                          onClick={() => column.toggleSorting(direction === "asc")}
                          className="-ml-2 inline-flex items-center gap-1 rounded-md px-2 py-1 hover:bg-accent focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
                        >
                          <table.FlexRender header={header} />
                          <SortIcon direction={direction} />
                        </button>
                      ) : (
                        <table.FlexRender header={header} />
                      )}
                    </TableHead>
                  );
                })}
              </TableRow>
            ))}
          </TableHeader>
          <TableBody>
            {table.getRowModel().rows.length === 0 ? (
              <TableRow>
                <TableCell colSpan={table.getVisibleLeafColumns().length} className="h-24 text-center text-muted-foreground">
                  {filtered ? "No members match this search." : total > 0 ? "This page is past the end of the list." : "No members yet."}
                </TableCell>
              </TableRow>
            ) : (
              table.getRowModel().rows.map((row) => (
                <TableRow key={row.id} data-state={row.getIsSelected() ? "selected" : undefined}>
                  {row.getVisibleCells().map((cell) => (
                    <TableCell key={cell.id} className={cn(cell.column.id === "joined" && "hidden sm:table-cell", cell.column.id === "email" && "max-w-64 truncate")}>
                      <table.FlexRender cell={cell} />
                    </TableCell>
                  ))}
                </TableRow>
              ))
            )}
          </TableBody>
        </Table>
      </Card>

      <nav aria-label="Pagination" className="flex flex-col gap-3 text-sm sm:flex-row sm:items-center sm:justify-between">
        <p className="text-muted-foreground" aria-live="polite">
          {total === 0 ? "No members" : `${firstRow.toLocaleString("en")}–${lastRow.toLocaleString("en")} of ${total.toLocaleString("en")} members`}
        </p>
        <div className="flex flex-wrap items-center gap-2">
          <Label htmlFor="page-size" className="text-muted-foreground">
            Rows per page
          </Label>
          <Select value={String(query.size)} onValueChange={(value) => table.setPageSize(Number(value))}>
            <SelectTrigger id="page-size" size="sm" className="w-18">
              <SelectValue>{query.size}</SelectValue>
            </SelectTrigger>
            <SelectContent>
              {PAGE_SIZES.map((size) => (
                <SelectItem key={size} value={String(size)}>
                  {size}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
          <span className="px-1 tabular-nums">
            Page {query.page.toLocaleString("en")} of {pageCount.toLocaleString("en")}
          </span>
          <div className="flex gap-1">
            <Button variant="outline" size="icon" className="size-8" aria-label="First page" disabled={query.page <= 1} onClick={() => table.firstPage()}>
              <ChevronsLeft className="size-4" aria-hidden />
            </Button>
            <Button variant="outline" size="icon" className="size-8" aria-label="Previous page" disabled={query.page <= 1} onClick={() => table.previousPage()}>
              <ChevronLeft className="size-4" aria-hidden />
            </Button>
            <Button variant="outline" size="icon" className="size-8" aria-label="Next page" disabled={query.page >= pageCount} onClick={() => table.nextPage()}>
              <ChevronRight className="size-4" aria-hidden />
            </Button>
            <Button variant="outline" size="icon" className="size-8" aria-label="Last page" disabled={query.page >= pageCount} onClick={() => table.lastPage()}>
              <ChevronsRight className="size-4" aria-hidden />
            </Button>
          </div>
        </div>
      </nav>
    </div>
  );
}
