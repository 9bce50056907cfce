import { Skeleton } from "@/components/ui/skeleton";

// Only here, not for the whole org segment: a loading boundary starts streaming before a page can
// call notFound(), which would turn real 404s (drafts, other orgs' resources) into 200s.
/** Shown inside the shell while the members directory loads. */
export default function MembersLoading() {
  return (
    <div className="grid gap-6" aria-busy="true" aria-label="Loading">
      <div className="grid gap-2">
        <Skeleton className="h-8 w-56" />
        <Skeleton className="h-4 w-80 max-w-full" />
      </div>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {Array.from({ length: 3 }, (_, i) => (
          <Skeleton key={i} className="h-32" />
        ))}
      </div>
      <Skeleton className="h-64" />
    </div>
  );
}
