import Link from "next/link";
import { Button } from "@/components/ui/button";

/** Something inside an organization the member can see does not exist (or is not theirs to see). */
export default function OrgNotFound() {
  return (
    <div className="mx-auto grid max-w-md gap-3 py-16 text-center">
      <p className="font-mono text-sm font-medium text-primary">404</p>
      <h1 className="text-2xl font-semibold tracking-tight">Not found</h1>
      <p className="text-muted-foreground">It may have been deleted, or the link is wrong.</p>
      <div>
        <Button asChild variant="outline">
          <Link href="/dashboard">Back to the dashboard</Link>
        </Button>
      </div>
    </div>
  );
}
