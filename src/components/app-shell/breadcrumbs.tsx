"use client";

import { ChevronRight } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";

/** Names of the fixed path segments below /dashboard/[org]; anything else (a post's URL name) is shown as it is. */
const SEGMENT_LABELS: Record<string, string> = {
  posts: "Posts",
  members: "Members",
  invitations: "Invitations",
  audit: "Audit log",
  settings: "Settings",
  new: "New",
  manage: "Manage",
};

/** Where you are in the organization, from the URL: "Acme Inc. › Posts › New". Display only. */
export function Breadcrumbs({ org }: { org: { slug: string; name: string } }) {
  const pathname = usePathname();
  const base = `/dashboard/${org.slug}`;
  const segments = pathname.startsWith(`${base}/`)
    ? pathname
        .slice(base.length + 1)
        .split("/")
        .filter(Boolean)
    : [];
  const crumbs = [
    { href: base, label: org.name },
    ...segments.map((segment, index) => ({
      href: `${base}/${segments.slice(0, index + 1).join("/")}`,
      label: SEGMENT_LABELS[segment] ?? decodeURIComponent(segment),
    })),
  ];
  return (
    <nav aria-label="Breadcrumb" className="hidden min-w-0 md:block">
      <ol className="flex items-center gap-1.5 text-sm text-muted-foreground">
        {crumbs.map((crumb, index) => {
          const last = index === crumbs.length - 1;
          return (
            <li key={crumb.href} className="flex min-w-0 items-center gap-1.5">
              {index > 0 ? <ChevronRight className="size-3.5 shrink-0" aria-hidden /> : null}
              {last ? (
                <span aria-current="page" className="truncate font-medium text-foreground">
                  {crumb.label}
                </span>
              ) : (
                <Link
                  href={crumb.href}
                  className="truncate rounded-sm hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
                >
                  {crumb.label}
                </Link>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
