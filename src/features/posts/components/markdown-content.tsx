import { cn } from "@/lib/utils";

// Typography for rendered post bodies (the app has no typography plugin; these rules are scoped to
// this container so nothing leaks into the shell).
const PROSE = cn(
  "min-w-0 text-[0.95rem] leading-7 break-words text-foreground [&>*:first-child]:mt-0 [&>*:last-child]:mb-0",
  "[&_h1]:mt-8 [&_h1]:mb-3 [&_h1]:text-2xl [&_h1]:font-semibold [&_h1]:tracking-tight",
  "[&_h2]:mt-8 [&_h2]:mb-3 [&_h2]:text-xl [&_h2]:font-semibold [&_h2]:tracking-tight",
  "[&_h3]:mt-6 [&_h3]:mb-2 [&_h3]:text-lg [&_h3]:font-semibold",
  "[&_h4]:mt-6 [&_h4]:mb-2 [&_h4]:font-semibold [&_h5]:mt-4 [&_h5]:font-semibold [&_h6]:mt-4 [&_h6]:font-semibold",
  "[&_hr]:my-8 [&_img]:my-4 [&_img]:h-auto [&_img]:max-w-full [&_img]:rounded-md [&_p]:my-4",
  "[&_li]:my-1 [&_ol]:my-4 [&_ol]:list-decimal [&_ol]:pl-6 [&_ul]:my-4 [&_ul]:list-disc [&_ul]:pl-6",
  "[&_li:has(>input)]:list-none [&_li>input]:mr-2 [&_li>input]:align-middle",
  "[&_a]:font-medium [&_a]:text-primary [&_a]:underline [&_a]:underline-offset-4",
  "[&_blockquote]:my-4 [&_blockquote]:border-l-4 [&_blockquote]:pl-4 [&_blockquote]:text-muted-foreground",
  "[&_code]:rounded [&_code]:bg-muted [&_code]:px-1.5 [&_code]:py-0.5 [&_code]:font-mono [&_code]:text-[0.85em]",
  "[&_pre]:my-4 [&_pre]:overflow-x-auto [&_pre]:rounded-lg [&_pre]:border [&_pre]:bg-muted [&_pre]:p-4 [&_pre]:leading-6",
  "[&_pre_code]:bg-transparent [&_pre_code]:p-0",
  "[&_kbd]:rounded [&_kbd]:border [&_kbd]:px-1 [&_kbd]:font-mono [&_kbd]:text-[0.85em] [&_mark]:bg-primary/20 [&_mark]:text-foreground",
  "[&_table]:my-4 [&_table]:block [&_table]:w-max [&_table]:max-w-full [&_table]:border-collapse [&_table]:overflow-x-auto [&_table]:text-sm",
  "[&_td]:border [&_td]:px-3 [&_td]:py-2 [&_th]:border [&_th]:bg-muted/50 [&_th]:px-3 [&_th]:py-2 [&_th]:font-medium",
  "[&_details]:my-4 [&_summary]:cursor-pointer [&_summary]:font-medium",
);

/**
 * A post body. `html` must come from the renderer (src/features/posts/markdown/render.ts), which
 * sanitizes it on the server: nothing else may be passed here.
 */
export function MarkdownContent({ html, className }: { html: string; className?: string }) {
  return <div className={cn(PROSE, className)} dangerouslySetInnerHTML={{ __html: html }} />;
}
