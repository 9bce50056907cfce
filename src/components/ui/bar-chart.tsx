import { cn } from "@/lib/utils";

export interface BarDatum {
  /** Short label under the bar (e.g. "Nov 20"). */
  label: string;
  /** What a screen reader and the tooltip say for the bar (e.g. "Week of Nov 20"). */
  description: string;
  value: number;
}

/**
 * A small bar chart rendered on the server: plain elements sized with CSS, no chart library and
 * no client JavaScript. Sighted users get the bars (with a tooltip each); assistive technology
 * gets the same numbers as a table.
 */
export function BarChart({
  data,
  caption,
  unit,
  className,
  barClassName = "bg-chart-1",
}: {
  data: BarDatum[];
  caption: string;
  unit: string;
  className?: string;
  barClassName?: string;
}) {
  const max = Math.max(1, ...data.map((datum) => datum.value));
  const labelEvery = Math.ceil(data.length / 4);
  return (
    <figure className={cn("grid gap-2", className)}>
      <div className="relative h-36" aria-hidden>
        <div className="absolute inset-x-0 top-0 border-t border-dashed border-border" />
        <span className="absolute right-0 -top-5 text-[11px] tabular-nums text-muted-foreground">{max.toLocaleString("en")}</span>
        <div className="absolute inset-0 flex items-end gap-1">
          {data.map((datum) => (
            <div
              key={datum.label}
              title={`${datum.description}: ${datum.value.toLocaleString("en")} ${unit}`}
              className="group relative flex h-full flex-1 items-end"
            >
              <div
                className={cn("w-full rounded-t-sm transition-opacity group-hover:opacity-80", barClassName)}
                style={{ height: datum.value === 0 ? "2px" : `${Math.max(4, (datum.value / max) * 100)}%` }}
              />
            </div>
          ))}
        </div>
      </div>
      <div className="flex gap-1 text-[11px] text-muted-foreground" aria-hidden>
        {data.map((datum, index) => (
          <span key={datum.label} className="flex min-w-0 flex-1 justify-center whitespace-nowrap">
            {index % labelEvery === 0 || index === data.length - 1 ? datum.label : ""}
          </span>
        ))}
      </div>
      <table className="sr-only">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Period</th>
            <th scope="col">{unit}</th>
          </tr>
        </thead>
        <tbody>
          {data.map((datum) => (
            <tr key={datum.label}>
              <th scope="row">{datum.description}</th>
              <td>{datum.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
