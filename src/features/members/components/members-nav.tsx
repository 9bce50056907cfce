import Link from "next/link";
import { cn } from "@/lib/utils";

/** Tabs between the directory and the pending invitations (admins only: others have one page). */
export function MembersNav({ org, current, pendingLabel }: { org: string; current: "members" | "invitations"; pendingLabel?: string }) {
  const tabs = [
    { key: "members", href: `/dashboard/${org}/members`, label: "Directory" },
    { key: "invitations", href: `/dashboard/${org}/members/invitations`, label: pendingLabel ?? "Invitations" },
  ] as const;
  return (
    <nav aria-label="Members sections" className="mb-4 inline-flex rounded-lg bg-muted p-1 text-sm">
      {tabs.map((tab) => (
        <Link
          key={tab.key}
          href={tab.href}
          aria-current={tab.key === current ? "page" : undefined}
          className={cn(
            "rounded-md px-3 py-1.5 font-medium text-muted-foreground transition-colors hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none",
            tab.key === current && "bg-background text-foreground shadow-sm",
          )}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
