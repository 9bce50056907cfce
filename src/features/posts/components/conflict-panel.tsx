"use client";

import { AlertTriangle } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { formatPostDateTime } from "../format";
import type { PostConflict } from "../schemas";

type Version = PostConflict["current"] | PostConflict["yours"];

function VersionText({ label, version }: { label: string; version: Version }) {
  return (
    <section className="grid min-w-0 content-start gap-2" aria-label={label}>
      <h3 className="text-sm font-medium text-foreground">{label}</h3>
      <p className="text-sm font-semibold break-words text-foreground">{version.title}</p>
      {/* Read-only but selectable, so either text can be copied into the editor. */}
      <textarea
        readOnly
        value={version.body}
        aria-label={`${label}: body`}
        rows={8}
        className="w-full resize-y rounded-md border bg-muted/40 p-3 font-mono text-xs leading-5 text-foreground"
      />
    </section>
  );
}

/** Someone saved the post after this editor opened it: show both texts and let the author choose. */
export function ConflictPanel({
  conflict,
  pending,
  onUseTheirs,
  onKeepMine,
}: {
  conflict: PostConflict;
  pending: boolean;
  onUseTheirs: (theirs: PostConflict["current"]) => void;
  onKeepMine: (theirs: PostConflict["current"]) => void;
}) {
  return (
    <Alert variant="destructive" className="border-destructive/50" data-testid="post-conflict">
      <AlertTriangle aria-hidden />
      <AlertTitle className="line-clamp-none">Someone changed this post since you opened it.</AlertTitle>
      <AlertDescription className="grid w-full gap-4">
        <p className="text-muted-foreground">
          Their version was saved {formatPostDateTime(conflict.current.updatedAt)}. Your changes are not saved yet. Compare the two, then keep one.
        </p>
        <div className="grid w-full gap-4 md:grid-cols-2">
          <VersionText label="Their version (saved)" version={conflict.current} />
          <VersionText label="Your version (not saved)" version={conflict.yours} />
        </div>
        <div className="flex flex-wrap gap-2">
          <Button type="button" variant="outline" disabled={pending} onClick={() => onUseTheirs(conflict.current)}>
            Use theirs
          </Button>
          <Button type="button" variant="destructive" disabled={pending} onClick={() => onKeepMine(conflict.current)}>
            Keep mine and overwrite
          </Button>
        </div>
      </AlertDescription>
    </Alert>
  );
}
