"use client";

import { FileText, Pencil, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition, type ReactNode } from "react";
import { DataTable, DataTableColumnsMenu, DataTableFilters, DataTablePagination, NativeSelect } from "@/components/data-table/data-table";
import { dataTableColumns, useDataTable } from "@/components/data-table/use-data-table";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { bulkDeletePosts, bulkPublishPosts, bulkUnpublishPosts } from "../actions";
import { countLabel, describeBulkResult, formatPostDate, plural } from "../format";
import { POST_SEARCH_MAX, postList, type BulkOperation, type PostStatus } from "../schemas";
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

const column = dataTableColumns<ManagedPost>();

const BULK_ACTIONS: Record<BulkOperation, typeof bulkPublishPosts> = {
  publish: bulkPublishPosts,
  unpublish: bulkUnpublishPosts,
  delete: bulkDeletePosts,
};
/**
 * The management table on the shared data table: filters, sorting and pages live in the URL
 * (postList; the server pages the data), row selection lives here. Only rows the member may change
 * can be selected; each bulk action is one guarded call that checks every row again and reports
 * what it skipped.
 */
export function PostsTable({
  org,
  rows,
  total,
  totalCapped,
  pageSize,
  authors,
  emptyHint,
}: {
  org: string;
  rows: ManagedPost[];
  total: number;
  totalCapped: boolean;
  pageSize: number;
  /** Who can be chosen in the author filter, the member first, labelled "(you)". */
  authors: { id: string; label: string }[];
  /** What an empty list suggests: writing the first post. */
  emptyHint: ReactNode;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<{ tone: "done" | "error"; text: string } | null>(null);
  const base = `/dashboard/${org}/posts`;

  const [columns] = useState(() =>
    column.columns([
      column.display({
        id: "select",
        enableHiding: false,
        meta: { className: "w-10 pl-4" },
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
        enableHiding: false,
        sortDescFirst: false,
        meta: { className: "max-w-72 truncate sm:max-w-md" },
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
        meta: { label: "Status" },
        cell: ({ getValue }) => (getValue() === "draft" ? <Badge variant="secondary">Draft</Badge> : <Badge variant="outline">Published</Badge>),
      }),
      column.accessor("authorName", { id: "author", header: "Author", enableSorting: false, meta: { label: "Author", className: "hidden md:table-cell" } }),
      column.accessor("updatedAt", {
        id: "updated",
        header: "Updated",
        sortDescFirst: true,
        meta: { label: "Updated" },
        cell: ({ getValue }) => formatPostDate(getValue()),
      }),
      column.accessor("publishedAt", {
        id: "published",
        header: "Published",
        sortDescFirst: true,
        meta: { label: "Published", className: "hidden lg:table-cell" },
        cell: ({ getValue }) => {
          const value = getValue();
          return value ? formatPostDate(value) : <span className="text-muted-foreground">—</span>;
        },
      }),
      column.display({
        id: "actions",
        enableHiding: false,
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

  const state = useDataTable({
    id: "posts-manage",
    list: postList,
    data: rows,
    columns,
    rowCount: total,
    pageSize,
    getRowId: (row) => row.id,
    enableRowSelection: (row) => row.original.canManage,
  });
  const { table, query } = state;
  const selectedIds = table.getSelectedRowIds();
  const filtered = Boolean(query.q || query.status || query.author);
  const clear = state.href({ q: undefined, status: undefined, author: undefined, page: 1 });

  const runBulk = (operation: BulkOperation) =>
    startTransition(async () => {
      const result = await BULK_ACTIONS[operation]({ org, input: { ids: selectedIds } });
      if (!result.ok) {
        setOutcome({ tone: "error", text: result.fieldErrors?.ids ?? result.error });
        return;
      }
      setOutcome({ tone: "done", text: describeBulkResult(result.data) });
      state.clearSelection();
      router.refresh();
    });

  return (
    <div className="grid grid-cols-1 gap-3">
      <Card className="mb-1 py-4">
        <CardContent>
          <DataTableFilters
            state={state}
            fields={["q", "status", "author"]}
            parse={postList.parse}
            clearHref={filtered ? clear : undefined}
            className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[2fr_1fr_1fr_auto] lg:items-end"
          >
            <div className="grid gap-2">
              <Label htmlFor="q">Title contains</Label>
              <Input id="q" name="q" type="search" defaultValue={query.q ?? ""} maxLength={POST_SEARCH_MAX} placeholder="Words in the title" />
            </div>
            <div className="grid gap-2">
              <Label htmlFor="status">Status</Label>
              <NativeSelect id="status" name="status" value={query.status ?? ""} className="w-full">
                <option value="">Any status</option>
                <option value="published">Published</option>
                <option value="draft">Draft</option>
              </NativeSelect>
            </div>
            <div className="grid gap-2">
              <Label htmlFor="author">Author</Label>
              <NativeSelect id="author" name="author" value={query.author ?? ""} className="w-full">
                <option value="">Anyone</option>
                {authors.map((author) => (
                  <option key={author.id} value={author.id}>
                    {author.label}
                  </option>
                ))}
              </NativeSelect>
            </div>
          </DataTableFilters>
        </CardContent>
      </Card>
      {outcome ? (
        <Alert variant={outcome.tone === "error" ? "destructive" : "default"} role="status" aria-live="polite">
          <AlertDescription data-testid="bulk-result" className={outcome.tone === "done" ? "text-foreground" : undefined}>
            {outcome.text}
          </AlertDescription>
        </Alert>
      ) : null}
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="flex min-h-9 flex-1 flex-wrap items-center gap-2 text-sm" aria-label="Bulk actions" role="toolbar">
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
              <Button size="sm" variant="ghost" onClick={state.clearSelection} disabled={pending}>
                Clear selection
              </Button>
            </>
          ) : (
            <span className="text-muted-foreground">Select posts to publish, unpublish or delete several at once.</span>
          )}
        </div>
        <DataTableColumnsMenu state={state} />
      </div>
      <DataTable
        state={state}
        label="Posts"
        filtered={filtered}
        empty={<EmptyState hint={emptyHint} />}
        noResults={
          <EmptyState
            message="No posts match these filters."
            action={
              <Button variant="outline" asChild>
                <Link href={clear}>Clear the filters</Link>
              </Button>
            }
          />
        }
      />
      {total > 0 ? <DataTablePagination state={state} capped={totalCapped} summary={countLabel(total, totalCapped, "post")} /> : null}
    </div>
  );
}

function EmptyState({ message = "No posts yet.", hint, action }: { message?: string; hint?: ReactNode; action?: ReactNode }) {
  return (
    <div className="grid justify-items-center gap-3 py-8 text-center">
      <FileText className="size-8 text-muted-foreground" aria-hidden />
      <p className="font-medium text-foreground">{message}</p>
      {hint}
      {action}
    </div>
  );
}
