import type { LucideIcon } from "lucide-react";

/** One sidebar entry; the server filters them by the member's role before they reach the client. */
export interface NavItem {
  href: string;
  label: string;
  icon: "overview" | "posts" | "members" | "audit" | "settings";
}

export type NavIcons = Record<NavItem["icon"], LucideIcon>;
