import { createLoader, createParser, createSerializer, type SingleParserBuilder } from "nuqs/server";
import { z } from "zod";

// One definition per list for its URL state (page, size, sort, dir, filters), written once as a zod
// field per parameter and read three ways:
// - `schema`, strict, for the JSON API and the exports: a bad value is a 400 naming it;
// - `parse`, lenient, for the page: each parameter on its own, a bad one falls back to its default
//   (its field's answer to "absent") and the rest of the view still applies;
// - `parsers` (nuqs), shared by the server's links (`href`) and the client's URL state
//   (useQueryStates in the data-table hook), so both spell a view the same way, defaults left out.

export type SearchParams = Record<string, string | string[] | undefined>;

/** A zod field per URL parameter. */
export type ListFields = Record<string, z.ZodType<unknown, unknown>>;

/** A list's view: what every field parses to (undefined for "no filter"). */
export type ListQueryOf<F extends ListFields> = { [K in keyof F]: z.output<F[K]> };

/** nuqs parsers: null means "absent"; the fields with a default always have a value. */
export type ListParsers<F extends ListFields> = { [K in keyof F]: SingleParserBuilder<NonNullable<z.output<F[K]>>> };

export interface ListQueryDefinition<F extends ListFields> {
  fields: F;
  schema: z.ZodObject<F>;
  defaults: ListQueryOf<F>;
  parsers: ListParsers<F>;
  parse(params: SearchParams | URLSearchParams): ListQueryOf<F>;
  /** `base` plus the query string of a view, without the values equal to their defaults. */
  href(base: string, query: Partial<ListQueryOf<F>>): string;
}

export function defineListQuery<F extends ListFields>(fields: F): ListQueryDefinition<F> {
  const keys = Object.keys(fields) as (keyof F & string)[];
  const defaults = {} as ListQueryOf<F>;
  const parsers = {} as Record<string, SingleParserBuilder<unknown>>;
  for (const key of keys) {
    const field = fields[key]!;
    const absent = field.safeParse(undefined);
    const fallback = absent.success ? absent.data : undefined;
    defaults[key] = fallback as ListQueryOf<F>[typeof key];
    const parser = createParser<unknown>({
      parse: (raw) => {
        const parsed = field.safeParse(raw);
        return parsed.success && parsed.data !== undefined ? parsed.data : null;
      },
      serialize: (value) => String(value),
    });
    parsers[key] = fallback === undefined ? parser : (parser.withDefault(fallback as never) as unknown as SingleParserBuilder<unknown>);
  }
  const load = createLoader(parsers);
  const serialize = createSerializer(parsers);

  return {
    fields,
    schema: z.object(fields),
    defaults,
    parsers: parsers as unknown as ListParsers<F>,
    parse(params) {
      const loaded = load(params) as Record<string, unknown>;
      const query = {} as Record<string, unknown>;
      for (const key of keys) query[key] = loaded[key] ?? undefined;
      return query as ListQueryOf<F>;
    },
    href(base, query) {
      // undefined in a view means "no filter": null tells nuqs to leave the parameter out.
      const values: Record<string, unknown> = {};
      for (const key of keys) if (key in query) values[key] = query[key] ?? null;
      return serialize(base, values as never);
    },
  };
}
