"use client";

import { createColumnHelper, rowSelectionFeature, rowSortingFeature, tableFeatures, useTable, type RowSelectionState, type SortingState } from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ArrowUpDown, Pencil, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { cn } from "@/lib/utils";
import { bulkDeletePosts, bulkPublishPosts, bulkUnpublishPosts } from "../actions";
import { describeBulkResult, formatPostDate, plural } from "../format";
import type { BulkOperation, PostSort, PostStatus } from "../schemas";
import { DeletePostDialog } from "./delete-post-dialog";

export interface ManagedPost {
  id: string;
  slug: string;
  title: string;
  status: PostStatus;
  authorName: string;
  updatedAt: string;
  publishedAt: string | null;
  /** From the policy table, for showing controls: the actions check again. */
  canEdit: boolean;
  /** May publish, unpublish and delete it (selectable for bulk actions). */
  canManage: boolean;
}

const features = tableFeatures({ rowSelectionFeature, rowSortingFeature });
const column = createColumnHelper<typeof features, ManagedPost>();

const SORTABLE = new Set<string>(["title", "updated", "published"] satisfies PostSort[]);
const HIDDEN_ON_PHONES: Record<string, string> = { author: "hidden md:table-cell", published: "hidden lg:table-cell" };

function SortIcon({ direction }: { direction: false | "asc" | "desc" }) {
  if (direction === "asc") return <ArrowUp aria-hidden />;
  if (direction === "desc") return <ArrowDown aria-hidden />;
  return <ArrowUpDown aria-hidden className="opacity-50" />;
}

const BULK_ACTIONS: Record<BulkOperation, typeof bulkPublishPosts> = {
  publish: bulkPublishPosts,
  unpublish: bulkUnpublishPosts,
  delete: bulkDeletePosts,
};
/**
 * The management table: sorting and pagination live in the URL (the server pages the data), row
 * selection lives here. Only rows the member may change can be selected; each bulk action is one
 * guarded call that checks every row again and reports what it skipped.
 */
export function PostsTable({
  org,
  rows,
  sort,
  dir,
  sortHref,
}: {
  org: string;
  rows: ManagedPost[];
  sort: PostSort;
  dir: "asc" | "desc";
  /** The current URL with another sort (and the first page). */
  sortHref: Record<PostSort, Record<"asc" | "desc", string>>;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [outcome, setOutcome] = useState<{ tone: "done" | "error"; text: string } | null>(null);
  const base = `/dashboard/${org}/posts`;

  const [columns] = useState(() =>
    column.columns([
      column.display({
        id: "select",
        header: ({ table }) => (
          <Checkbox
            aria-label="Select every post you may change on this page"
            checked={table.getIsAllPageRowsSelected() ? true : table.getIsSomePageRowsSelected() ? "indeterminate" : false}
            onCheckedChange={(checked) => table.toggleAllPageRowsSelected(checked === true)}
            disabled={!table.getRowModel().rows.some((row) => row.getCanSelect())}
          />
        ),
        cell: ({ row }) => (
          <Checkbox
            aria-label={`Select “${row.original.title}”`}
            checked={row.getIsSelected()}
            onCheckedChange={(checked) => row.toggleSelected(checked === true)}
            disabled={!row.getCanSelect()}
            title={row.getCanSelect() ? undefined : "Only its author or an admin can change this post."}
          />
        ),
      }),
      column.accessor("title", {
        id: "title",
        header: "Title",
        cell: ({ row }) => (
          <Link href={`${base}/${row.original.slug}`} className="font-medium hover:underline">
            {row.original.title}
          </Link>
        ),
      }),
      column.accessor("status", {
        id: "status",
        header: "Status",
        enableSorting: false,
        cell: ({ getValue }) => (getValue() === "draft" ? <Badge variant="secondary">Draft</Badge> : <Badge variant="outline">Published</Badge>),
      }),
      column.accessor("authorName", { id: "author", header: "Author", enableSorting: false }),
      column.accessor("updatedAt", { id: "updated", header: "Updated", sortDescFirst: true, cell: ({ getValue }) => formatPostDate(getValue()) }),
      column.accessor("publishedAt", {
        id: "published",
        header: "Published",
        sortDescFirst: true,
        cell: ({ getValue }) => {
          const value = getValue();
          return value ? formatPostDate(value) : <span className="text-muted-foreground">—</span>;
        },
      }),
      column.display({
        id: "actions",
        header: () => <span className="sr-only">Actions</span>,
        cell: ({ row }) =>
          row.original.canEdit ? (
            <Button variant="ghost" size="icon-sm" asChild>
              <Link href={`${base}/${row.original.slug}/edit`} aria-label={`Edit “${row.original.title}”`}>
                <Pencil aria-hidden />
              </Link>
            </Button>
          ) : (
            // Same height as the button, so rows line up whether or not they have one.
            <span className="inline-block size-8" aria-hidden />
          ),
      }),
    ]),
  );

  const sorting: SortingState = [{ id: sort, desc: dir === "desc" }];
  const table = useTable({
    features,
    columns,
    data: rows,
    getRowId: (row) => row.id,
    state: { sorting, rowSelection },
    onRowSelectionChange: setRowSelection,
    // The server sorts (manualSorting): a new sort is a new URL, read by the page.
    manualSorting: true,
    enableSortingRemoval: false,
    enableMultiSort: false,
    onSortingChange: (updater) => {
      const next = (typeof updater === "function" ? updater(sorting) : updater)[0];
      if (next && SORTABLE.has(next.id)) router.push(sortHref[next.id as PostSort][next.desc ? "desc" : "asc"]);
    },
    enableRowSelection: (row) => row.original.canManage,
  });

  const selectedIds = table.getSelectedRowIds();

  const runBulk = (operation: BulkOperation) =>
    startTransition(async () => {
      const result = await BULK_ACTIONS[operation]({ org, input: { ids: selectedIds } });
      if (!result.ok) {
        setOutcome({ tone: "error", text: result.fieldErrors?.ids ?? result.error });
        return;
      }
      setOutcome({ tone: "done", text: describeBulkResult(result.data) });
      setRowSelection({});
      router.refresh();
    });

  return (
    <div className="grid grid-cols-1 gap-3">
      {outcome ? (
        <Alert variant={outcome.tone === "error" ? "destructive" : "default"} role="status" aria-live="polite">
          <AlertDescription data-testid="bulk-result" className={outcome.tone === "done" ? "text-foreground" : undefined}>
            {outcome.text}
          </AlertDescription>
        </Alert>
      ) : null}
      <div className="flex min-h-9 flex-wrap items-center gap-2 text-sm" aria-label="Bulk actions" role="toolbar">
        {selectedIds.length > 0 ? (
          <>
            <span className="mr-1 font-medium">{selectedIds.length} selected</span>
            <Button size="sm" onClick={() => runBulk("publish")} disabled={pending}>
              Publish
            </Button>
            <Button size="sm" variant="outline" onClick={() => runBulk("unpublish")} disabled={pending}>
              Unpublish
            </Button>
            <DeletePostDialog
              title={`Delete ${plural(selectedIds.length, "post")}?`}
              description="The selected posts disappear for every member. This cannot be undone; the audit log keeps a record."
              pending={pending}
              onConfirm={() => runBulk("delete")}
              trigger={
                <Button size="sm" variant="outline" className="text-destructive hover:text-destructive" disabled={pending}>
                  <Trash2 aria-hidden /> Delete
                </Button>
              }
            />
            <Button size="sm" variant="ghost" onClick={() => setRowSelection({})} disabled={pending}>
              Clear selection
            </Button>
          </>
        ) : (
          <span className="text-muted-foreground">Select posts to publish, unpublish or delete several at once.</span>
        )}
      </div>
      <div className="min-w-0 rounded-xl border bg-card">
        <Table>
          <TableHeader>
            {table.getHeaderGroups().map((group) => (
              <TableRow key={group.id} className="hover:bg-transparent">
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  return (
                    <TableHead
                      key={header.id}
                      className={cn(HIDDEN_ON_PHONES[header.column.id], header.column.id === "select" && "w-10 pl-4")}
                      aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                    >
                      {header.column.getCanSort() ? (
                        <Button variant="ghost" size="sm" className="-ml-3" onClick={header.column.getToggleSortingHandler()}>
                          <table.FlexRender header={header} />
                          <SortIcon direction={sorted} />
                        </Button>
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
            {table.getRowModel().rows.map((row) => (
              <TableRow key={row.id} data-state={row.getIsSelected() ? "selected" : undefined}>
                {row.getAllCells().map((cell) => (
                  <TableCell
                    key={cell.id}
                    className={cn(HIDDEN_ON_PHONES[cell.column.id], cell.column.id === "select" && "pl-4", cell.column.id === "title" && "max-w-72 truncate sm:max-w-md")}
                  >
                    <table.FlexRender cell={cell} />
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </div>
  );
}
