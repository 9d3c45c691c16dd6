// A mail merge template: the message-file format where any string may hold Mustache
// placeholders, `{{column}}`. In `html` values are HTML-escaped (`{{{column}}}` inserts raw
// HTML); everywhere else — text, subject, names, addresses, file names — they are inserted as
// written, since those are not HTML (header safety is the message validation's job).
// Each string is parsed once, so unknown placeholders are found before any row is rendered.
import Mustache from 'mustache';
import { invalidInput } from '../errors';
import { formatPath } from '../../../shared/message-schema';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type Path = Array<string | number>;

interface Slot {
  path: Path;
  field: string;
  template: string;
  /** The columns this string reads, in order of appearance. */
  columns: string[];
}

export interface CompiledTemplate {
  /** Every column any placeholder reads. */
  columns: Set<string>;
  /** The message object for one row (unknown: the message schema validates it). */
  render(view: Record<string, string>): unknown;
  /** The columns the template string at `field` (or the closest enclosing one) reads. */
  columnsFor(field: string): string[];
}

const identity = (value: unknown): string => String(value);

/**
 * A row's values looked up by column name exactly as the header writes it. Mustache would read
 * `{{No.}}` or `{{e.mail}}` as a path into nested objects and print nothing, for a name the
 * column check had accepted.
 */
class RowContext extends Mustache.Context {
  constructor(private readonly values: Record<string, string>) {
    super(values);
  }

  override lookup(name: string): unknown {
    if (name === '.') return this.values;
    return Object.hasOwn(this.values, name) ? this.values[name] : undefined;
  }
}

/** "did you mean {{Email}}? " when a column differs from `name` only in case or spaces. */
function nearColumn(name: string, available: readonly string[]): string {
  const loose = (text: string) => text.toLowerCase().replace(/[\s_-]+/gu, '');
  const match = available.find((column) => loose(column) === loose(name));
  return match === undefined ? '' : `did you mean {{${match}}}? `;
}

/** Placeholder names in Mustache's parsed spans, sections included. */
function namesIn(spans: Mustache.TemplateSpans, into: string[], field: string): void {
  for (const span of spans) {
    const [type, name] = span;
    if (type === 'name' || type === '&' || type === '#' || type === '^') {
      if (name !== '.' && !into.includes(name)) into.push(name);
    }
    if (type === '>') throw invalidInput(`template.${field}`, `partials ({{> ${name}}}) are not supported`);
    if ((type === '#' || type === '^') && Array.isArray(span[4])) namesIn(span[4], into, field);
  }
}

function collect(value: Json, path: Path, slots: Slot[]): void {
  if (typeof value === 'string') {
    const field = formatPath(path);
    let spans: Mustache.TemplateSpans;
    try {
      spans = Mustache.parse(value);
    } catch (error) {
      throw invalidInput(`template.${field}`, `is not a valid template: ${(error as Error).message}`);
    }
    const columns: string[] = [];
    namesIn(spans, columns, field);
    if (columns.length > 0 || value.includes('{{')) slots.push({ path, field, template: value, columns });
    return;
  }
  if (Array.isArray(value)) value.forEach((item, index) => collect(item, [...path, index], slots));
  else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) collect(item, [...path, key], slots);
}

/** A fresh copy of the containers (strings are shared: they are immutable). */
function copy(value: Json): Json {
  if (Array.isArray(value)) return value.map(copy);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copy(item)]));
  return value;
}

function setAt(target: Json, path: Path, value: string): void {
  let node = target as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
  node[path[path.length - 1] as string | number] = value;
}

/**
 * Compiles `template` against the data file's columns. A placeholder naming no column is an
 * error (a typo would otherwise send every row an empty greeting).
 */
export function compileTemplate(template: unknown, available: readonly string[]): CompiledTemplate {
  if (!template || typeof template !== 'object' || Array.isArray(template)) {
    throw invalidInput('template', 'must be a JSON object in the message-file format');
  }
  const source = template as Json;
  const slots: Slot[] = [];
  collect(source, [], slots);
  const known = new Set(available);
  const columns = new Set<string>();
  for (const slot of slots) {
    for (const name of slot.columns) {
      if (!known.has(name)) {
        throw invalidInput(
          `template.${slot.field}`,
          `{{${name}}} is not a column of the data file (${nearColumn(name, available)}its columns: ${available.map((c) => `"${c}"`).join(', ')})`,
        );
      }
      columns.add(name);
    }
  }
  return {
    columns,
    render(view) {
      const message = copy(source);
      for (const slot of slots) {
        const html = slot.path.length === 1 && slot.path[0] === 'html';
        const context = new RowContext(view);
        const rendered = html ? Mustache.render(slot.template, context) : Mustache.render(slot.template, context, undefined, { escape: identity });
        setAt(message, slot.path, rendered);
      }
      return message;
    },
    columnsFor(field) {
      const exact = slots.filter((slot) => slot.field === field || slot.field.startsWith(`${field}.`) || slot.field.startsWith(`${field}[`));
      const enclosing = exact.length > 0 ? exact : slots.filter((slot) => field.startsWith(slot.field));
      return [...new Set(enclosing.flatMap((slot) => slot.columns))];
    },
  };
}
