import type * as React from "react";

import { cn } from "@/lib/utils";

/**
 * The Orgdesk mark: an "O" resting on a desk line, on an accent-coloured tile. Decorative by
 * default; pass `title` when the mark stands alone so it gets an accessible name.
 */
export function BrandMark({ className, title, ...props }: React.ComponentProps<"svg"> & { title?: string }) {
  return (
    <svg
      viewBox="0 0 32 32"
      fill="none"
      xmlns="http://www.w3.org/2000/svg"
      role={title ? "img" : undefined}
      aria-hidden={title ? undefined : true}
      focusable="false"
      className={cn("size-7 shrink-0", className)}
      {...props}
    >
      {title ? <title>{title}</title> : null}
      <rect width="32" height="32" rx="8" className="fill-primary" />
      <circle cx="16" cy="13.5" r="5.25" strokeWidth="3" className="stroke-primary-foreground" />
      <rect x="7.5" y="22" width="17" height="3" rx="1.5" className="fill-primary-foreground" />
    </svg>
  );
}

/** Logo mark plus "Orgdesk" wordmark. The text gives the accessible name. */
export function Brand({ className, markClassName, ...props }: React.ComponentProps<"span"> & { markClassName?: string }) {
  return (
    <span data-slot="brand" className={cn("inline-flex items-center gap-2 text-base font-semibold tracking-tight", className)} {...props}>
      <BrandMark className={markClassName} />
      <span>Orgdesk</span>
    </span>
  );
}
