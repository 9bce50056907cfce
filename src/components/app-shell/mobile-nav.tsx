"use client";

import { Menu } from "lucide-react";
import { useState } from "react";
import { Brand } from "@/components/brand";
import { Button } from "@/components/ui/button";
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle, SheetTrigger } from "@/components/ui/sheet";
import type { NavItem } from "./nav";
import { NavLinks } from "./nav-links";
import { OrgSwitcher, type SwitcherOrg } from "./org-switcher";

/** Below the md breakpoint the sidebar becomes a sheet behind a menu button. */
export function MobileNav({ items, current, organizations }: { items: NavItem[]; current: SwitcherOrg; organizations: SwitcherOrg[] }) {
  const [open, setOpen] = useState(false);
  return (
    <Sheet open={open} onOpenChange={setOpen}>
      <SheetTrigger asChild>
        <Button variant="ghost" size="icon" className="md:hidden" aria-label="Open navigation">
          <Menu className="size-5" aria-hidden />
        </Button>
      </SheetTrigger>
      <SheetContent side="left" className="w-72 bg-sidebar p-4">
        <SheetHeader className="p-0">
          <SheetTitle>
            <Brand />
          </SheetTitle>
          <SheetDescription className="sr-only">Navigation for {current.name}</SheetDescription>
        </SheetHeader>
        <div className="grid gap-4">
          <OrgSwitcher current={current} organizations={organizations} />
          <NavLinks items={items} onNavigate={() => setOpen(false)} />
        </div>
      </SheetContent>
    </Sheet>
  );
}
