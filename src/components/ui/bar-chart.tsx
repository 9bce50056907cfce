import { cn } from "@/lib/utils";

export interface BarDatum {
  /** Short label under the bar (e.g. "Nov 20"). */
  label: string;
  /** What a screen reader and the tooltip say for the bar (e.g. "Week of Nov 20"). */
  description: string;
  value: number;
}

/** How many labels the axis shows at most (the first, the last and evenly between). */
const AXIS_LABELS = 4;

/**
 * A small bar chart rendered on the server: one inline SVG, no chart library and no client
 * JavaScript, and little markup (every byte of a server component is sent twice: as HTML and in
 * the RSC payload). Sighted users get the bars, with a tooltip each; assistive technology gets
 * the same numbers as a table.
 */
export function BarChart({
  data,
  caption,
  unit,
  className,
  barClassName = "text-chart-1",
}: {
  data: BarDatum[];
  caption: string;
  unit: string;
  className?: string;
  /** A text colour class: the bars are drawn in currentColor. */
  barClassName?: string;
}) {
  const max = Math.max(1, ...data.map((datum) => datum.value));
  const step = Math.max(1, Math.round((data.length - 1) / (AXIS_LABELS - 1)));
  const labelled = data.filter((_, index) => index % step === 0 || index === data.length - 1);
  return (
    <figure className={cn("grid gap-2", className)}>
      <div className="relative border-t border-dashed border-border" aria-hidden>
        <span className="absolute -top-5 right-0 text-[11px] text-muted-foreground tabular-nums">{max.toLocaleString("en")}</span>
        <svg viewBox={`0 0 ${data.length * 10} 100`} preserveAspectRatio="none" className={cn("block h-36 w-full", barClassName)}>
          {data.map((datum, index) => {
            const height = datum.value === 0 ? 1 : Math.max(3, (datum.value / max) * 100);
            return (
              <rect key={datum.label} x={index * 10 + 1} y={100 - height} width={8} height={height} fill="currentColor">
                <title>{`${datum.description}: ${datum.value.toLocaleString("en")} ${unit}`}</title>
              </rect>
            );
          })}
        </svg>
      </div>
      <div className="flex justify-between text-[11px] text-muted-foreground" aria-hidden>
        {labelled.map((datum) => (
          <span key={datum.label}>{datum.label}</span>
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
