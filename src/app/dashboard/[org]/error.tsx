"use client";

import { RotateCcw } from "lucide-react";
import { useEffect } from "react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** A page of the organization failed; the shell stays, and the user can retry. */
export default function OrgError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div className="mx-auto grid max-w-lg gap-4 py-10">
      <Alert variant="destructive">
        <AlertTitle>This page could not be loaded</AlertTitle>
        <AlertDescription>
          Something went wrong on our side{error.digest ? ` (reference ${error.digest})` : ""}. Your data is safe. Try again in a moment.
        </AlertDescription>
      </Alert>
      <div>
        <Button onClick={reset}>
          <RotateCcw className="size-4" aria-hidden /> Try again
        </Button>
      </div>
    </div>
  );
}
