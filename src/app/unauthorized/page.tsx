import type { Metadata } from "next";
import Link from "next/link";
import { Brand } from "@/components/brand";
import { Button } from "@/components/ui/button";

export const metadata: Metadata = { title: "Not allowed" };

export default function UnauthorizedPage() {
  return (
    <div className="flex min-h-svh flex-col items-center justify-center gap-6 p-6 text-center">
      <Brand />
      <main className="grid max-w-md gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">You do not have access to this page</h1>
        <p className="text-muted-foreground">
          Your role in this organization does not allow it. If you need access, ask one of the organization&apos;s admins.
        </p>
        <div className="mt-2 flex justify-center gap-2">
          <Button asChild>
            <Link href="/dashboard">Back to the dashboard</Link>
          </Button>
        </div>
      </main>
    </div>
  );
}
