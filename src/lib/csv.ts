// CSV for spreadsheet users. Cells that start with = + - @ (or tab/CR) are prefixed with ' so a
// spreadsheet does not run them as formulas (CSV injection).

function cell(value: unknown): string {
  let text = value === null || value === undefined ? "" : value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function lines(rows: unknown[][]): string {
  return rows.map((row) => row.map(cell).join(",") + "\r\n").join("");
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return lines([header, ...rows]);
}

/**
 * A CSV body written batch by batch as the reader takes it: memory holds one batch, whatever the
 * total. If the batches fail (e.g. the exporter lost access meanwhile), the stream errors, so the
 * download fails visibly instead of ending as if it were complete.
 */
export function csvStream(header: string[], batches: AsyncIterator<unknown[][]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    start: (controller) => controller.enqueue(encoder.encode(lines([header]))),
    async pull(controller) {
      const next = await batches.next();
      if (next.done) return controller.close();
      controller.enqueue(encoder.encode(lines(next.value)));
    },
    cancel: async () => void (await batches.return?.(undefined)),
  });
}

export function csvResponse(filename: string, csv: string | ReadableStream<Uint8Array>): Response {
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"`,
      "Cache-Control": "no-store",
    },
  });
}
