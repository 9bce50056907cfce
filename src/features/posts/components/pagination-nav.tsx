import Link from "next/link";
import { Button } from "@/components/ui/button";

/** Previous / next links for a server-paginated list; `href(page)` keeps the rest of the URL. */
export function PaginationNav({ page, pages, summary, href }: { page: number; pages: number; summary: string; href: (page: number) => string }) {
  return (
    <nav aria-label="Pagination" className="mt-4 flex flex-wrap items-center justify-between gap-2 text-sm">
      <span className="text-muted-foreground">{summary}</span>
      <span className="flex gap-2">
        {page > 1 ? (
          <Button variant="outline" size="sm" asChild>
            <Link href={href(page - 1)} rel="prev">
              Previous
            </Link>
          </Button>
        ) : null}
        {page < pages ? (
          <Button variant="outline" size="sm" asChild>
            <Link href={href(page + 1)} rel="next">
              Next
            </Link>
          </Button>
        ) : null}
      </span>
    </nav>
  );
}
