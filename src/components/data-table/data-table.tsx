"use client";

import type { ReactTable, RowData } from "@tanstack/react-table";
import { ChevronLeft, ChevronRight, ChevronsLeft, ChevronsRight, Columns3, Search } from "lucide-react";
import { usePathname } from "next/navigation";
import { useState, type ChangeEvent, type FormEvent, type MouseEvent, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
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
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { cn } from "@/lib/utils";
import { SortIcon } from "./sort-icon";
import type { DataTableFeatures } from "./use-data-table";

// The one list component. Everything a reader can change is a link or a GET form the server
// renders, so a list pages, sorts and filters without JavaScript; with it, the same links and forms
// go through useDataTable (nuqs), which keeps the typed state and shows the pending view.

type Changes = Record<string, unknown>;

/** What the components read from useDataTable (methods, so any list's typed setters fit). */
export interface DataTableHandle<TData extends RowData> {
  table: ReactTable<DataTableFeatures, TData>;
  query: { page: number; sort?: string; dir?: "asc" | "desc"; size?: number };
  setQuery(changes: Changes, options?: { typing?: boolean }): Promise<URLSearchParams>;
  href(changes: Changes): string;
  pending: boolean;
  pageCount: number;
  pageSize: number;
  rowCount: number;
}

/** A plain click on a server-rendered link: handled here, without a full page load (a new tab still opens one). */
export function interceptClick(event: MouseEvent<HTMLAnchorElement>, handle: () => void) {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  handle();
}

export function DataTable<TData extends RowData>({
  state,
  label,
  filtered,
  empty,
  noResults,
  bare = false,
  className,
}: {
  state: DataTableHandle<TData>;
  /** Inside a card of the page's own: no card around the table. */
  bare?: boolean;
  /** Names the table for screen readers ("Members"). */
  label: string;
  /** Whether a filter or search is applied: an empty result then says "no match", not "none yet". */
  filtered: boolean;
  /** No rows at all. */
  empty: ReactNode;
  /** No rows match the filters. */
  noResults: ReactNode;
  className?: string;
}) {
  const { table, pending, rowCount } = state;
  const rows = table.getRowModel().rows;
  const columns = table.getVisibleLeafColumns().length;
  const message = filtered ? noResults : rowCount > 0 ? "This page is past the end of the list." : empty;

  return (
    <Card
      className={cn("min-w-0 gap-0 py-0 transition-opacity", bare && "rounded-none border-0 bg-transparent shadow-none", pending && "opacity-60", className)}
      aria-busy={pending}
    >
      <Table aria-label={label}>
        <TableHeader>
          {table.getHeaderGroups().map((group) => (
            <TableRow key={group.id} className="hover:bg-transparent">
              {group.headers.map((header) => {
                const column = header.column;
                const direction = column.getIsSorted();
                return (
                  <TableHead
                    key={header.id}
                    className={column.columnDef.meta?.className}
                    aria-sort={direction === "asc" ? "ascending" : direction === "desc" ? "descending" : undefined}
                  >
                    {header.isPlaceholder ? null : column.getCanSort() ? (
                      <SortLink state={state} columnId={column.id} direction={direction} next={column.getNextSortingOrder() || "asc"}>
                        <table.FlexRender header={header} />
                      </SortLink>
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
          {rows.length === 0 ? (
            <TableRow className="hover:bg-transparent">
              <TableCell colSpan={columns} className="h-24 text-center whitespace-normal text-muted-foreground">
                {message}
              </TableCell>
            </TableRow>
          ) : (
            rows.map((row) => (
              <TableRow key={row.id} data-state={row.getIsSelected() ? "selected" : undefined}>
                {row.getVisibleCells().map((cell) => (
                  <TableCell key={cell.id} className={cell.column.columnDef.meta?.className}>
                    <table.FlexRender cell={cell} />
                  </TableCell>
                ))}
              </TableRow>
            ))
          )}
        </TableBody>
      </Table>
    </Card>
  );
}

function SortLink<TData extends RowData>({
  state,
  columnId,
  direction,
  next,
  children,
}: {
  state: DataTableHandle<TData>;
  columnId: string;
  direction: false | "asc" | "desc";
  next: "asc" | "desc";
  children: ReactNode;
}) {
  return (
    <a
      href={state.href({ sort: columnId, dir: next, page: 1 })}
      onClick={(event) => interceptClick(event, () => state.table.getColumn(columnId)?.toggleSorting(next === "desc"))}
      className="-ml-2 inline-flex items-center gap-1 rounded-md px-2 py-1 hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
    >
      {children}
      <SortIcon direction={direction} />
      <span className="sr-only">{direction ? `, sorted ${direction === "asc" ? "ascending" : "descending"}` : ", sort"}</span>
    </a>
  );
}

// ---------------------------------------------------------------- pagination

export function DataTablePagination<TData extends RowData>({
  state,
  summary,
  pageSizes,
  capped = false,
}: {
  state: DataTableHandle<TData>;
  /** "1–25 of 120 members". */
  summary: string;
  /** Offered where the list has a `size` parameter. */
  pageSizes?: readonly number[];
  /** The count stopped at a cap (a broad search): the last page is not known. */
  capped?: boolean;
}) {
  const { query, pageCount, table } = state;
  const page = query.page;
  const pathname = usePathname();
  const link = (target: number, label: string, icon: ReactNode, disabled: boolean, go: () => void) =>
    disabled ? (
      <Button variant="outline" size="icon-sm" aria-label={label} disabled>
        {icon}
      </Button>
    ) : (
      <Button variant="outline" size="icon-sm" asChild>
        <a href={state.href({ page: target })} aria-label={label} onClick={(event) => interceptClick(event, go)}>
          {icon}
        </a>
      </Button>
    );

  return (
    <nav aria-label="Pagination" className="flex flex-col gap-3 text-sm sm:flex-row sm:items-center sm:justify-between">
      <p className="text-muted-foreground" aria-live="polite">
        {summary}
      </p>
      <div className="flex flex-wrap items-center gap-2">
        {pageSizes && query.size !== undefined ? (
          // A GET form of its own: without JavaScript the page size still changes (Apply).
          <form method="get" action={pathname} className="flex items-center gap-2" onSubmit={(event) => event.preventDefault()}>
            <HiddenView state={state} except={["size", "page"]} />
            <Label htmlFor="page-size" className="text-muted-foreground">
              Rows per page
            </Label>
            <NativeSelect id="page-size" name="size" value={String(query.size)} onChange={(value) => table.setPageSize(Number(value))} className="w-18">
              {pageSizes.map((size) => (
                <option key={size} value={size}>
                  {size}
                </option>
              ))}
            </NativeSelect>
            <noscript>
              <Button type="submit" variant="outline" size="sm">
                Apply
              </Button>
            </noscript>
          </form>
        ) : null}
        <span className="px-1 tabular-nums">
          Page {page.toLocaleString("en")} of {pageCount.toLocaleString("en")}
          {capped ? "+" : ""}
        </span>
        <div className="flex gap-1">
          {link(1, "First page", <ChevronsLeft className="size-4" aria-hidden />, page <= 1, () => table.firstPage())}
          {link(page - 1, "Previous page", <ChevronLeft className="size-4" aria-hidden />, page <= 1, () => table.previousPage())}
          {link(page + 1, "Next page", <ChevronRight className="size-4" aria-hidden />, page >= pageCount, () => table.nextPage())}
          {link(pageCount, "Last page", <ChevronsRight className="size-4" aria-hidden />, page >= pageCount || capped, () => table.lastPage())}
        </div>
      </div>
    </nav>
  );
}

// ---------------------------------------------------------------- columns

/** Show or hide the columns that may be hidden; the choice is kept in this browser. */
export function DataTableColumnsMenu<TData extends RowData>({ state }: { state: DataTableHandle<TData> }) {
  const hideable = state.table.getAllLeafColumns().filter((column) => column.getCanHide());
  if (hideable.length === 0) return null;
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="outline" className="gap-2">
          <Columns3 className="size-4" aria-hidden /> Columns
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <DropdownMenuLabel>Show columns</DropdownMenuLabel>
        <DropdownMenuSeparator />
        {hideable.map((column) => (
          <DropdownMenuCheckboxItem
            key={column.id}
            checked={column.getIsVisible()}
            onCheckedChange={(value) => column.toggleVisibility(value === true)}
            onSelect={(event) => event.preventDefault()}
          >
            {column.columnDef.meta?.label ?? column.id}
          </DropdownMenuCheckboxItem>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

// ---------------------------------------------------------------- filters

/** The view's other parameters, so a GET form changes only its own (defaults are left out). */
function HiddenView<TData extends RowData>({ state, except }: { state: DataTableHandle<TData>; except: string[] }) {
  const params = new URLSearchParams(state.href({}).split("?")[1] ?? "");
  return (
    <>
      {[...params]
        .filter(([key]) => !except.includes(key))
        .map(([key, value]) => (
          <input key={key} type="hidden" name={key} value={value} />
        ))}
    </>
  );
}

/**
 * The filters as a GET form: without JavaScript, submitting loads the filtered first page; with it,
 * the same fields apply through the URL state (typing and choosing apply at once, `live`, or on submit).
 */
export function DataTableFilters<TData extends RowData>({
  state,
  fields,
  parse,
  submitLabel = "Filter",
  live = false,
  clearHref,
  className,
  children,
}: {
  state: DataTableHandle<TData>;
  /** The parameters this form sets. */
  fields: string[];
  /** The list's lenient parser, for the submitted values. */
  parse: (params: URLSearchParams) => Changes;
  submitLabel?: string;
  /** Fields apply as they change: the submit button is only there without JavaScript. */
  live?: boolean;
  /** Shown while a filter is applied: the view without these fields. */
  clearHref?: string;
  className?: string;
  children: ReactNode;
}) {
  const pathname = usePathname();
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitted = parse(new URLSearchParams(new FormData(event.currentTarget) as unknown as Record<string, string>));
    const changes: Changes = { page: 1 };
    for (const field of fields) changes[field] = submitted[field];
    void state.setQuery(changes);
  };
  const clearAll = () => {
    const changes: Changes = { page: 1 };
    for (const field of fields) changes[field] = undefined;
    void state.setQuery(changes);
  };
  const button = (
    <Button type="submit" variant={live ? "outline" : "default"}>
      {submitLabel}
    </Button>
  );
  const clear = clearHref ? (
    <Button variant="ghost" asChild>
      <a href={clearHref} onClick={(event) => interceptClick(event, clearAll)}>
        Clear
      </a>
    </Button>
  ) : null;
  return (
    // Submitted forms are uncontrolled: a new view (back/forward, a link) renders them afresh.
    <form key={live ? undefined : state.href({})} method="get" action={pathname} role="search" onSubmit={onSubmit} className={className}>
      <HiddenView state={state} except={[...fields, "page"]} />
      {children}
      {live ? (
        <noscript>{button}</noscript>
      ) : (
        <div className="flex gap-2">
          {button}
          {clear}
        </div>
      )}
    </form>
  );
}

/** A search box that applies after a pause in typing; its text is the URL's once the URL follows. */
export function DataTableSearch<TData extends RowData>({
  state,
  name,
  label,
  placeholder,
  maxLength,
  className,
}: {
  state: DataTableHandle<TData>;
  name: string;
  label: string;
  placeholder?: string;
  maxLength?: number;
  className?: string;
}) {
  const current = (state.query as Changes)[name];
  const value = typeof current === "string" ? current : "";
  // What is being typed. The URL keeps the trimmed text, so the box keeps its own while typing,
  // and follows the URL when it changes otherwise (back/forward, "Clear").
  const [draft, setDraft] = useState(value);
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    if (draft.trim() !== value) setDraft(value);
  }
  return (
    <div className={cn("relative", className)}>
      <Label htmlFor={`search-${name}`} className="sr-only">
        {label}
      </Label>
      <Search className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
      <Input
        id={`search-${name}`}
        name={name}
        type="search"
        className="pl-9"
        placeholder={placeholder}
        value={draft}
        onChange={(event) => {
          setDraft(event.target.value);
          void state.setQuery({ [name]: event.target.value.trim() || undefined, page: 1 }, { typing: true });
        }}
        maxLength={maxLength}
        autoComplete="off"
      />
    </div>
  );
}

const SELECT_CLASS =
  "h-9 rounded-md border border-input bg-background px-3 text-sm shadow-xs focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none dark:bg-input/30";

/** A native select: it works without JavaScript inside a GET form. */
export function NativeSelect({
  id,
  name,
  value,
  onChange,
  className,
  children,
}: {
  id: string;
  name: string;
  value: string;
  onChange?: (value: string) => void;
  className?: string;
  children: ReactNode;
}) {
  // Applied as it changes (controlled), or on the form's submit (uncontrolled, reset by a new view).
  const binding = onChange ? { value, onChange: (event: ChangeEvent<HTMLSelectElement>) => onChange(event.target.value) } : { defaultValue: value };
  return (
    <select key={onChange ? undefined : value} id={id} name={name} {...binding} className={cn(SELECT_CLASS, className)}>
      {children}
    </select>
  );
}
