"use client";

import {
  columnVisibilityFeature,
  createColumnHelper,
  rowPaginationFeature,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnDef,
  type ColumnVisibilityState,
  type PaginationState,
  type CellData,
  type Row,
  type RowData,
  type RowSelectionState,
  type SortingState,
  type TableFeatures,
  type Updater,
} from "@tanstack/react-table";
import { usePathname } from "next/navigation";
import { debounce, useQueryStates } from "nuqs";
import { useCallback, useMemo, useState, useSyncExternalStore, useTransition } from "react";
import type { ListFields, ListQueryDefinition, ListQueryOf } from "@/lib/list-query";

// The one binding of a list's URL state to TanStack Table. The server owns the data: every view
// (page, size, sort, filters) is a URL the server renders, so views bookmark and share, and
// back/forward work. nuqs reads and writes that URL with the list's own parsers (the ones the
// server parsed it with); TanStack Table runs in manual mode (it neither sorts nor slices) and
// holds what is only local: the selection and the visible columns (kept in localStorage).

export const dataTableFeatures = tableFeatures({ rowSortingFeature, rowPaginationFeature, columnVisibilityFeature, rowSelectionFeature });
export type DataTableFeatures = typeof dataTableFeatures;

/** Columns for a data table of `TData` rows. */
export const dataTableColumns = <TData extends RowData>() => createColumnHelper<DataTableFeatures, TData>();

declare module "@tanstack/table-core" {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<in out TFeatures extends TableFeatures, in out TData extends RowData, TValue extends CellData = CellData> {
    /** The column's name in the "Columns" menu (headers may be icons or hidden text). */
    label?: string;
    /** Classes for its header and cells, e.g. "hidden sm:table-cell" to leave it out on phones. */
    className?: string;
  }
}

/** Every list view has a page; `sort`/`dir` where the reader sorts, `size` where they choose it. */
interface View {
  page: number;
  sort?: string;
  dir?: "asc" | "desc";
  size?: number;
}

const NO_PARAMETERS = {};

/** How long typing waits before the URL (and the server) follow. */
export const SEARCH_DEBOUNCE_MS = 300;

export interface UseDataTableOptions<TData extends RowData, Fields extends ListFields> {
  /** Names the table in localStorage (its visible columns). */
  id: string;
  /** The list's URL state; none for a short list shown whole (one page, the server's order). */
  list?: ListQueryDefinition<Fields> & { defaults: View };
  data: TData[];
  columns: ColumnDef<DataTableFeatures, TData>[];
  /** Rows in the whole list (the server's count). */
  rowCount: number;
  /** Rows a page, where the list has no `size` parameter. */
  pageSize?: number;
  getRowId: (row: TData) => string;
  enableRowSelection?: boolean | ((row: Row<DataTableFeatures, TData>) => boolean);
}

type Query<Fields extends ListFields> = ListQueryOf<Fields> & View;

export function useDataTable<TData extends RowData, Fields extends ListFields>(options: UseDataTableOptions<TData, Fields>) {
  const { id, list, data, columns, rowCount, getRowId, enableRowSelection = false } = options;
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  // shallow: false: the server renders every view; push: back/forward walk through them.
  const parsers = list?.parsers ?? NO_PARAMETERS;
  const [values, setValues] = useQueryStates(parsers, { shallow: false, history: "push", scroll: false, startTransition });
  const query = useMemo(() => {
    const view: Record<string, unknown> = { page: 1 };
    for (const key of Object.keys(parsers)) view[key] = (values as Record<string, unknown>)[key] ?? undefined;
    return view as Query<Fields>;
  }, [values, parsers]);

  /** Change the view; `typing` waits for a pause before the URL follows. */
  const setQuery = useCallback(
    (changes: Partial<ListQueryOf<Fields>>, { typing = false }: { typing?: boolean } = {}) => {
      const next: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(changes)) next[key] = value ?? null;
      return setValues(next as never, typing ? { limitUrlUpdates: debounce(SEARCH_DEBOUNCE_MS) } : undefined);
    },
    [setValues],
  );
  /** The link to a view: what the server renders, so paging and sorting work without JavaScript. */
  const href = useCallback(
    (changes: Partial<ListQueryOf<Fields>>) => (list ? list.href(pathname, { ...query, ...changes }) : pathname),
    [list, pathname, query],
  );

  const [columnVisibility, setColumnVisibility] = useStoredColumnVisibility(id);
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  // New rows (another view, or the result of a change) start with nothing selected.
  const [selectionRows, setSelectionRows] = useState(data);
  if (selectionRows !== data) {
    setSelectionRows(data);
    setRowSelection({});
  }

  const pageSize = query.size ?? options.pageSize ?? Math.max(1, data.length);
  const sorting: SortingState = query.sort ? [{ id: query.sort, desc: query.dir === "desc" }] : [];
  const pagination: PaginationState = { pageIndex: query.page - 1, pageSize };

  const table = useTable({
    features: dataTableFeatures,
    columns,
    data,
    getRowId,
    manualSorting: true,
    manualPagination: true,
    rowCount,
    enableSorting: query.sort !== undefined,
    enableSortingRemoval: false,
    enableMultiSort: false,
    enableRowSelection,
    state: { sorting, pagination, columnVisibility, rowSelection },
    onSortingChange: (updater) => {
      const [next] = apply(updater, sorting);
      if (next) void setQuery({ sort: next.id, dir: next.desc ? "desc" : "asc", page: 1 } as Partial<ListQueryOf<Fields>>);
    },
    onPaginationChange: (updater) => {
      const next = apply(updater, pagination);
      const changes: Record<string, number> = { page: next.pageIndex + 1 };
      if (query.size !== undefined) changes.size = next.pageSize;
      // A new page size starts from the first page (the old page number may be past the end).
      if (next.pageSize !== pageSize) changes.page = 1;
      void setQuery(changes as Partial<ListQueryOf<Fields>>);
    },
    onColumnVisibilityChange: (updater) => setColumnVisibility(apply(updater, columnVisibility)),
    onRowSelectionChange: (updater) => setRowSelection((old) => apply(updater, old)),
  });

  const pageCount = Math.max(1, Math.ceil(rowCount / pageSize));
  return { table, query, setQuery, href, pending, pageCount, pageSize, rowCount, rowSelection, clearSelection: () => setRowSelection({}) };
}

export type DataTableState<TData extends RowData> = ReturnType<typeof useDataTable<TData, ListFields>>;

function apply<T>(updater: Updater<T>, current: T): T {
  return typeof updater === "function" ? (updater as (old: T) => T)(current) : updater;
}

// ---------------------------------------------------------------- column visibility, kept

const STORAGE_PREFIX = "orgdesk.columns.";
const STORAGE_EVENT = "orgdesk:columns";
/** Where storage is blocked (private mode, a policy): kept for this page's life only. */
const unstored = new Map<string, string>();

function subscribe(onChange: () => void) {
  window.addEventListener("storage", onChange);
  window.addEventListener(STORAGE_EVENT, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(STORAGE_EVENT, onChange);
  };
}

function readStored(key: string): string {
  try {
    return window.localStorage.getItem(key) ?? "{}";
  } catch {
    return unstored.get(key) ?? "{}";
  }
}

/** Hidden columns survive reloads and new tabs; the server renders every column (it cannot know). */
function useStoredColumnVisibility(id: string): [ColumnVisibilityState, (next: ColumnVisibilityState) => void] {
  const key = STORAGE_PREFIX + id;
  const text = useSyncExternalStore(
    subscribe,
    () => readStored(key),
    () => "{}",
  );
  const visibility = useMemo(() => parseVisibility(text), [text]);
  const set = useCallback(
    (next: ColumnVisibilityState) => {
      try {
        window.localStorage.setItem(key, JSON.stringify(next));
      } catch {
        unstored.set(key, JSON.stringify(next));
      }
      window.dispatchEvent(new Event(STORAGE_EVENT));
    },
    [key],
  );
  return [visibility, set];
}

function parseVisibility(text: string): ColumnVisibilityState {
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== "object" || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, boolean] => typeof entry[1] === "boolean"));
  } catch {
    return {};
  }
}
