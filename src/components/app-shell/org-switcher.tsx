"use client";

import { Check, ChevronsUpDown, Plus } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { ROLE_LABELS, type Role } from "@/lib/roles";

export interface SwitcherOrg {
  slug: string;
  name: string;
  role: Role;
}

/** Lists the user's organizations (from server data) with their role in each. */
export function OrgSwitcher({ current, organizations }: { current: SwitcherOrg; organizations: SwitcherOrg[] }) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        className="flex w-full items-center gap-3 rounded-md border bg-background px-3 py-2 text-left text-sm shadow-xs hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
        aria-label={`Switch organization (current: ${current.name})`}
      >
        <span className="grid size-8 shrink-0 place-items-center rounded-md bg-primary text-sm font-semibold text-primary-foreground" aria-hidden>
          {current.name.slice(0, 1).toUpperCase()}
        </span>
        <span className="grid min-w-0 flex-1">
          <span className="truncate font-medium">{current.name}</span>
          <span className="truncate text-xs text-muted-foreground">{ROLE_LABELS[current.role]}</span>
        </span>
        <ChevronsUpDown className="size-4 text-muted-foreground" aria-hidden />
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-64">
        <DropdownMenuLabel>Organizations</DropdownMenuLabel>
        {organizations.map((org) => (
          <DropdownMenuItem key={org.slug} asChild>
            <Link href={`/dashboard/${org.slug}`} className="flex items-center gap-2">
              <span className="flex-1 truncate">{org.name}</span>
              <Badge variant="secondary" className="text-xs">
                {ROLE_LABELS[org.role]}
              </Badge>
              {org.slug === current.slug ? <Check className="size-4" aria-label="current" /> : <span className="size-4" aria-hidden />}
            </Link>
          </DropdownMenuItem>
        ))}
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <Link href="/dashboard/new">
            <Plus className="size-4" aria-hidden /> Create organization
          </Link>
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
