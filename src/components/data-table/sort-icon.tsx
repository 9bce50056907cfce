import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";

/** A sortable column's state: the arrow says which way it is sorted, the faint double arrow that it can be. */
export function SortIcon({ direction }: { direction: false | "asc" | "desc" }) {
  if (direction === "asc") return <ArrowUp className="size-3.5" aria-hidden />;
  if (direction === "desc") return <ArrowDown className="size-3.5" aria-hidden />;
  return <ArrowUpDown className="size-3.5 opacity-50" aria-hidden />;
}
