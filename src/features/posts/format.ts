import type { BulkOperation, BulkResult } from "./schemas";

// Dates as posts show them. UTC, so the server's rendering matches every reader's (as the audit log).
const day = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });
const dayAndTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export const formatPostDate = (date: Date | string) => day.format(new Date(date));
export const formatPostDateTime = (date: Date | string) => `${dayAndTime.format(new Date(date))} UTC`;

/** "1,000+ posts", "1 post". */
export function countLabel(count: number, capped: boolean, noun: string): string {
  return `${count.toLocaleString("en")}${capped ? "+" : ""} ${noun}${count === 1 && !capped ? "" : "s"}`;
}

const PAST_TENSE: Record<BulkOperation, string> = { publish: "Published", unpublish: "Unpublished", delete: "Deleted" };
const ALREADY: Record<BulkOperation, [one: string, many: string]> = {
  publish: ["was already published", "were already published"],
  unpublish: ["was already a draft", "were already drafts"],
  delete: ["", ""],
};

export const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? "" : "s"}`;

/** What a bulk action did, in one sentence per outcome, including what it skipped and why. */
export function describeBulkResult(result: BulkResult): string {
  const parts = [`${PAST_TENSE[result.operation]} ${plural(result.changed.length, "post")}.`];
  if (result.unchanged > 0) parts.push(`${plural(result.unchanged, "post")} ${ALREADY[result.operation][result.unchanged === 1 ? 0 : 1]}.`);
  if (result.forbidden.length > 0) {
    parts.push(
      `Skipped ${plural(result.forbidden.length, "post")} you may not change (${result.forbidden.map((post) => `“${post.title}”`).join(", ")}): editors change only their own posts.`,
    );
  }
  if (result.missing > 0) parts.push(`Skipped ${plural(result.missing, "post")} that no longer exist${result.missing === 1 ? "s" : ""}.`);
  return parts.join(" ");
}
