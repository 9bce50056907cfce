import type { Metadata } from "next";
import Link from "next/link";
import { ArrowLeftIcon, CompassIcon } from "lucide-react";

import { Brand } from "@/components/brand";
import { Button } from "@/components/ui/button";

export const metadata: Metadata = {
  title: "Page not found",
};

export default function NotFound() {
  return (
    <div className="flex min-h-svh flex-col">
      <header className="container flex h-16 items-center">
        <Link href="/" className="rounded-md outline-none focus-visible:ring-[3px] focus-visible:ring-ring">
          <Brand />
        </Link>
      </header>
      <main className="container flex flex-1 flex-col items-center justify-center gap-6 py-16 text-center">
        <div className="flex size-14 items-center justify-center rounded-full bg-accent text-accent-foreground">
          <CompassIcon className="size-7" aria-hidden="true" />
        </div>
        <div className="space-y-2">
          <p className="font-mono text-sm font-medium text-primary">404</p>
          <h1 className="text-3xl font-semibold tracking-tight text-balance sm:text-4xl">We couldn&rsquo;t find that page</h1>
          <p className="mx-auto max-w-md text-pretty text-muted-foreground">
            The link may be broken, or the page may have moved. If you followed a link inside an organization, you may not have access to it.
          </p>
        </div>
        <Button asChild>
          <Link href="/">
            <ArrowLeftIcon aria-hidden="true" />
            Back to home
          </Link>
        </Button>
      </main>
    </div>
  );
}
