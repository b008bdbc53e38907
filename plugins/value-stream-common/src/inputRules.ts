/*
 * The rules every text, time and label map the API accepts follows, as pure
 * functions and the zod schemas built on them. The request schemas of this
 * package and the webhook schemas of the backend use these, so a rule is
 * written once:
 *
 * - Times are RFC 3339 date-times with a zone, on a real calendar day
 *   (no 31 February, no hour 24), normalised to UTC ISO with milliseconds.
 * - Text refuses NUL and the other C0 control characters except tab and
 *   newline; carriage return is accepted only in multi-line text
 *   (descriptions, notes), where a CRLF line end is ordinary. Lone UTF-16
 *   surrogates, which no encoding can store, are replaced with U+FFFD before
 *   anything is stored, so SQLite and PostgreSQL hold the same string.
 * - Label maps are bounded in count, name length, value length and total
 *   size.
 */
import { z } from 'zod';

// ------------------------------------------------------------------- times

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

const DATE_TIME_FORMAT =
  'Must be an RFC 3339 date-time with a zone, e.g. 2026-03-01T10:00:00Z';

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * The outcome of {@link checkDateTime}: the instant in epoch milliseconds,
 * or why the text is not a date-time.
 * @public
 */
export type DateTimeCheck =
  | { ok: true; epochMs: number }
  | { ok: false; reason: string };

/**
 * Reads an RFC 3339 date-time with a zone (`Z` or `±hh:mm`, up to
 * nanosecond fractions, of which milliseconds are kept). Unlike
 * `Date.parse`, a day the month does not have, hour 24 or minute 60 is
 * refused rather than rolled over into the next day or hour.
 * @public
 */
export function checkDateTime(value: string): DateTimeCheck {
  const match = DATE_TIME.exec(value);
  if (!match) {
    return { ok: false, reason: DATE_TIME_FORMAT };
  }
  const [year, month, day, hour, minute, second] = match
    .slice(1, 7)
    .map(Number);
  const fraction = match[7] ?? '';
  const [zulu, sign, offsetHours, offsetMinutes] = [
    match[8],
    match[9],
    Number(match[10] ?? 0),
    Number(match[11] ?? 0),
  ];
  if (month < 1 || month > 12) {
    return { ok: false, reason: `No month ${match[2]}: months are 01 to 12` };
  }
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) {
    return {
      ok: false,
      reason: `No day ${match[3]} in ${match[1]}-${match[2]}: it has ${days} days`,
    };
  }
  if (hour > 23) {
    return { ok: false, reason: `No hour ${match[4]}: hours are 00 to 23` };
  }
  if (minute > 59 || second > 59) {
    return {
      ok: false,
      reason: 'Minutes and seconds are 00 to 59',
    };
  }
  if (!zulu && (offsetHours > 23 || offsetMinutes > 59)) {
    return { ok: false, reason: 'The offset must be -23:59 to +23:59' };
  }
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, keeps years 0000 to 0099 as written.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(
    hour,
    minute,
    second,
    Number(fraction.padEnd(3, '0').slice(0, 3)),
  );
  const offsetMs =
    (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  return { ok: true, epochMs: date.getTime() - offsetMs };
}

/**
 * Epoch milliseconds of an RFC 3339 date-time, NaN when it is not one
 * (see {@link checkDateTime}).
 * @public
 */
export function parseDateTime(value: string): number {
  const checked = checkDateTime(value);
  return checked.ok ? checked.epochMs : NaN;
}

/**
 * An RFC 3339 date-time with a zone on a real calendar day, normalised to
 * UTC ISO with milliseconds so that stored times sort and compare as
 * strings.
 * @public
 */
export const dateTimeSchema = z
  .string()
  .max(64)
  .superRefine((value, ctx) => {
    const checked = checkDateTime(value.trim());
    if (!checked.ok) {
      ctx.addIssue({ code: 'custom', message: checked.reason });
    }
  })
  .transform(value => new Date(parseDateTime(value.trim())).toISOString())
  .meta({ format: 'date-time', example: '2026-03-01T10:00:00Z' });

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Like {@link checkDateTime}, but a plain calendar date (`2026-03-01`) is
 * accepted too and read as midnight UTC: what the query strings of reports
 * and calendars take.
 * @public
 */
export function checkDateOrDateTime(value: string): DateTimeCheck {
  return DATE_ONLY.test(value)
    ? checkDateTime(`${value}T00:00:00Z`)
    : checkDateTime(value);
}

/**
 * A query bound: a calendar date or an RFC 3339 date-time, trimmed, on a
 * real calendar day (see {@link checkDateOrDateTime}); the text is kept as
 * sent.
 * @public
 */
export const dateBoundSchema = z
  .string()
  .trim()
  .max(64)
  .superRefine((value, ctx) => {
    const checked = checkDateOrDateTime(value);
    if (!checked.ok) {
      ctx.addIssue({
        code: 'custom',
        message: checked.reason.replace(
          DATE_TIME_FORMAT,
          'Must be a date (2026-03-01) or an RFC 3339 date-time with a zone',
        ),
      });
    }
  });

// -------------------------------------------------------------------- text

// Matching control characters is what these two are for.
/** C0 controls but tab, newline and carriage return. */
// eslint-disable-next-line no-control-regex
const CONTROL_MULTILINE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
/** C0 controls but tab and newline. */
// eslint-disable-next-line no-control-regex
const CONTROL_LINE = /[\u0000-\u0008\u000B-\u001F]/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE =
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const CONTROL_NAMES: Record<number, string> = {
  0: 'NUL',
  8: 'backspace',
  11: 'vertical tab',
  12: 'form feed',
  13: 'carriage return',
  27: 'escape',
};

/**
 * Which text a field holds: `line` (a title, a name, a label) accepts tab
 * and newline among the C0 controls, `multiline` (a description, a note)
 * carriage return too.
 * @public
 */
export type TextKind = 'line' | 'multiline';

/**
 * Why a text is refused, or undefined when it follows the rules: NUL and
 * the other C0 control characters are refused except tab and newline, and
 * carriage return in multi-line text.
 * @public
 */
export function textProblem(
  value: string,
  kind: TextKind = 'line',
): string | undefined {
  const match = (kind === 'multiline' ? CONTROL_MULTILINE : CONTROL_LINE).exec(
    value,
  );
  if (!match) {
    return undefined;
  }
  const code = match[0].charCodeAt(0);
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  const name = CONTROL_NAMES[code] ? ` (${CONTROL_NAMES[code]})` : '';
  const allowed =
    kind === 'multiline'
      ? 'tab, newline and carriage return'
      : 'tab and newline';
  return `Must not contain the control character U+${hex}${name}, found at index ${match.index}: of the C0 controls only ${allowed} are accepted`;
}

/**
 * The text with every lone UTF-16 surrogate replaced with U+FFFD, the
 * replacement character: what the API stores in its place, alike on every
 * database.
 * @public
 */
export function wellFormedText(value: string): string {
  return value.replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * The text rules on a string schema: lone surrogates replaced, control
 * characters refused. It keeps the schema's type (so limits and patterns
 * chain after it).
 * @public
 */
export function withTextRules<S extends z.ZodType<string, string>>(
  schema: S,
  kind: TextKind = 'line',
): S {
  const wellFormed = wellFormedText as unknown as (
    value: z.output<S>,
  ) => z.output<S>;
  return schema.overwrite(wellFormed).superRefine((value, ctx) => {
    const problem = textProblem(value as string, kind);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: problem });
    }
  });
}

/**
 * Text under the rules of {@link textProblem}, trimmed, from `min` (1
 * unless told) to `max` characters.
 * @public
 */
export function textSchema(
  max: number,
  options: { kind?: TextKind; min?: number } = {},
): z.ZodString {
  return withTextRules(z.string(), options.kind)
    .trim()
    .min(options.min ?? 1)
    .max(max);
}

// ------------------------------------------------------------- label maps

/**
 * The bounds of a label map, in UTF-16 characters.
 * @public
 */
export interface LabelMapLimits {
  /** How many labels at most. */
  count: number;
  /** The longest label name. */
  nameLength: number;
  /** The longest value. */
  valueLength: number;
  /** Names and values together. */
  totalLength: number;
  /** What a value holds; names are always `line`. */
  valueKind?: TextKind;
}

/**
 * The labels of an alert as Backstage stores them with its event.
 * @public
 */
export const ALERT_LABEL_LIMITS: LabelMapLimits = {
  count: 64,
  nameLength: 128,
  valueLength: 1_024,
  totalLength: 16_384,
};

/**
 * The annotations of an alert (summary, description, runbook): longer
 * values, which may span lines.
 * @public
 */
export const ALERT_ANNOTATION_LIMITS: LabelMapLimits = {
  count: 64,
  nameLength: 128,
  valueLength: 16_384,
  totalLength: 65_536,
  valueKind: 'multiline',
};

/** A label name as an issue path names it, shortened when it is long. */
function pathKey(name: string): string {
  return name.length > 64 ? `${name.slice(0, 64)}…` : name;
}

/**
 * A map of string labels within `limits`, names and values under the text
 * rules; each problem is reported at the label it concerns, and the count
 * and the total at the map.
 * @public
 */
export function labelMapSchema(limits: LabelMapLimits) {
  return z
    .record(z.string(), z.string())
    .superRefine((labels, ctx) => {
      const entries = Object.entries(labels);
      if (entries.length > limits.count) {
        ctx.addIssue({
          code: 'custom',
          message: `At most ${limits.count} labels, got ${entries.length}`,
        });
      }
      let total = 0;
      for (const [name, value] of entries) {
        total += name.length + value.length;
        const path = [pathKey(name)];
        if (name.length > limits.nameLength) {
          ctx.addIssue({
            code: 'custom',
            path,
            message: `The name is longer than the limit of ${limits.nameLength} characters`,
          });
        }
        if (value.length > limits.valueLength) {
          ctx.addIssue({
            code: 'custom',
            path,
            message: `Longer than the limit of ${limits.valueLength} characters (${value.length})`,
          });
        }
        const problem =
          textProblem(name, 'line') ?? textProblem(value, limits.valueKind);
        if (problem) {
          ctx.addIssue({ code: 'custom', path, message: problem });
        }
      }
      if (total > limits.totalLength) {
        ctx.addIssue({
          code: 'custom',
          message: `Names and values total ${total} characters, over the limit of ${limits.totalLength}`,
        });
      }
    })
    .transform(labels =>
      Object.fromEntries(
        Object.entries(labels).map(([name, value]) => [
          wellFormedText(name),
          wellFormedText(value),
        ]),
      ),
    );
}
