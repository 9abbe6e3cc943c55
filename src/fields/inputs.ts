/**
 * What users map into action and search inputs, converted to what Snapshots takes, in one place.
 *
 * Each converter is a zod schema from what Zapier passes (strings, numbers, booleans, whatever
 * the previous step emitted, Clio's triggers included) to the API's value; its messages say how to
 * fix the value. `invalidInputError` turns the problems into one `HaltedError` that names every
 * field by its label: bad input stops the run before any request, and never switches the Zap off.
 */
import { z } from 'zod';
import { PlainDate } from '../api/schemas';
import { halted } from '../http/errors';
import { withThousands } from '../runtime/text';

/** Absent, null or only whitespace: the user left the input blank. */
export const isBlank = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

const trim = (value: unknown): unknown => (typeof value === 'string' ? value.trim() : value);

/** Zapier passes numbers from earlier steps as numbers or as strings; text fields take both. */
const numberAsText = (value: unknown): unknown =>
  typeof value === 'number' && Number.isFinite(value) ? String(value) : value;

// ---------------------------------------------------------------- converters

/** C0 controls but tab and line breaks: invisible, never meant, and refused by many systems. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/**
 * Core's old template syntax, a leftover of a mistyped mapping: never meant. Core blanks such
 * values in query strings, and refuses them in requests it merges, with an error naming no input.
 */
const ZAPIER_TEMPLATE = /{{\s*(bundle|process)\./;

export const textInput = (max: number) =>
  z.preprocess(
    numberAsText,
    z
      .string('must be text')
      .max(max, `must be at most ${withThousands(max)} characters`)
      .refine(
        (text) => !CONTROL_CHARACTER.test(text),
        'contains an invisible control character (such as NUL): remove it, or map a value without it',
      )
      .refine(
        (text) => !ZAPIER_TEMPLATE.test(text),
        'contains "{{bundle." or "{{process.", which Zapier does not send: remove the curly braces',
      ),
  );

/** Single-line text: surrounding whitespace dropped. */
export const lineInput = (max: number) => z.preprocess(trim, textInput(max));

const CLIO_ID_HINT = 'must be a Clio ID: a whole number such as 1234567';

/** Clio ids are integers, arriving as numbers or numeric strings; Snapshots stores them as text. */
export const clioIdInput = z.preprocess(
  (value) =>
    typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : trim(value),
  z.string(CLIO_ID_HINT).regex(/^[1-9]\d{0,18}$/, CLIO_ID_HINT),
);

/** A link to another record by its Clio id: `clio:<id>`, which Snapshots resolves (no extra request). */
export const clioRefInput = clioIdInput.transform((id) => `clio:${id}`);

/** A Snapshots id such as `loc_…`, as the dropdowns store it. */
export const snapshotsIdInput = (prefix: string, noun: string) =>
  z.preprocess(
    trim,
    z
      .string(`must be a Snapshots ${noun} ID`)
      .regex(
        new RegExp(`^${prefix}_[A-Za-z0-9]{1,64}$`),
        `must be a Snapshots ${noun} ID starting with "${prefix}_": pick one from the dropdown or map one from an earlier step`,
      ),
  );

/** One of `choices`, in any case; `aliases` map other spellings (Clio's, say) onto a choice. */
export const choiceInput = <const T extends string>(
  choices: readonly T[],
  describe: string,
  aliases: Readonly<Record<string, T>> = {},
) => {
  const byFolded = new Map<string, T>();
  for (const choice of choices) byFolded.set(fold(choice), choice);
  for (const [alias, choice] of Object.entries(aliases)) byFolded.set(fold(alias), choice);
  return z.preprocess(numberAsText, z.string(`must be ${describe}`)).transform((value, ctx) => {
    const choice = byFolded.get(fold(value));
    if (choice !== undefined) return choice;
    ctx.addIssue({ code: 'custom', message: `must be ${describe}` });
    return z.NEVER;
  });
};

/** `Time Entry`, `time_entry` and `TimeEntry` are one spelling. */
const fold = (value: string) => value.toLowerCase().replace(/[\s_-]+/g, '');

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const NOT_A_REAL_DATE =
  'is not a real date: check the month (01-12) and the day (February has 28 days, 29 in leap years)';
const timestampWithOffset = z.iso.datetime({ offset: true, local: false });
const DATE_HINT =
  'must be a date such as 2027-03-01, or a timestamp with an offset such as 2027-03-01T09:00:00-05:00';

/**
 * A calendar date. A timestamp keeps the date in its own offset (`2027-03-01T09:00:00-05:00` is
 * 2027-03-01 whatever UTC says): that is the date the sender meant. Impossible dates are refused.
 */
export const dateInput = z.preprocess(trim, z.string(DATE_HINT)).transform((value, ctx) => {
  if (DATE_ONLY.test(value)) {
    if (PlainDate.safeParse(value).success) return value;
    ctx.addIssue({ code: 'custom', message: NOT_A_REAL_DATE });
    return z.NEVER;
  }
  if (timestampWithOffset.safeParse(value).success) return value.slice(0, 10);
  ctx.addIssue({ code: 'custom', message: DATE_HINT });
  return z.NEVER;
});

const TIMESTAMP_HINT =
  'must be a timestamp with an offset such as 2027-03-01T09:00:00-05:00, or a date such as 2027-03-01';

/**
 * A timestamp with an offset, as UTC; a date alone as `dateOnly` makes it (after checking that
 * the date is real).
 */
const timestampOr = (dateOnly: (date: string) => string) =>
  z.preprocess(trim, z.string(TIMESTAMP_HINT)).transform((value, ctx) => {
    if (DATE_ONLY.test(value)) {
      if (PlainDate.safeParse(value).success) return dateOnly(value);
      ctx.addIssue({ code: 'custom', message: NOT_A_REAL_DATE });
      return z.NEVER;
    }
    if (timestampWithOffset.safeParse(value).success) return new Date(value).toISOString();
    ctx.addIssue({
      code: 'custom',
      message: /T\d/.test(value)
        ? `needs a time zone offset, e.g. ${value.slice(0, 19)}Z or ${value.slice(0, 19)}-05:00`
        : TIMESTAMP_HINT,
    });
    return z.NEVER;
  });

/**
 * A moment, for fields the contract keeps as timestamps only (a location's Last Seen). A date
 * alone becomes noon UTC of that day: the same calendar day only from UTC-11 to UTC+11, not in
 * UTC-12 nor from UTC+12 to UTC+14 (New Zealand, Fiji, Tonga, Kiribati), since no one instant is
 * the same day everywhere. Where the day is what counts, the contract takes a plain date instead
 * (`dateOrTimestampInput`).
 */
export const timestampInput = timestampOr((date) => `${date}T12:00:00.000Z`);

/**
 * An activity's date: a timestamp (as UTC), or a date alone kept as the plain date it is (Clio's
 * time entries carry only a date), so it is that day in every zone from UTC-12 to UTC+14.
 */
export const dateOrTimestampInput = timestampOr((date) => date);

const NUMBER_HINT = 'must be a number such as 12.5';

/** Numbers, or numeric strings as Zapier often passes them. */
export const numberInput = z.preprocess((value) => {
  const text = trim(value);
  return typeof text === 'string' && /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text)
    ? Number(text)
    : text;
}, z.number(NUMBER_HINT));

const BOOLEANS: Record<string, boolean> = {
  true: true,
  false: false,
  yes: true,
  no: false,
  '1': true,
  '0': false,
};

/** `true`/`false` (any case), yes/no, 1/0. */
export const booleanInput = z.preprocess((value) => {
  const text = trim(numberAsText(value));
  return typeof text === 'string' ? (BOOLEANS[text.toLowerCase()] ?? text) : text;
}, z.boolean('must be true or false'));

/** A duration in `unit`, as whole minutes (Snapshots stores minutes). */
export const durationInput = (minutesPerUnit: number) =>
  numberInput
    .refine((value) => value >= 0, 'must not be negative')
    .transform((value) => Math.round(value * minutesPerUnit));

/** `(415) 555-0123` style separators dropped; the result must be E.164 (`+14155550123`). */
export const phoneInput = z.preprocess(
  (value) => (typeof value === 'string' ? value.replace(/[\s().-]/g, '') : value),
  z
    .string('must be a phone number')
    .regex(
      /^\+[1-9]\d{1,14}$/,
      'must be in international form with the country code, e.g. +14155550123',
    ),
);

export const emailInput = z.preprocess(
  trim,
  z.email('must be an email address such as name@example.com'),
);

/** ISO 3166-1 alpha-2, any case (`us` → `US`). */
export const countryInput = z.preprocess(
  (value) => (typeof value === 'string' ? value.trim().toUpperCase() : value),
  z
    .string('must be a country code')
    .regex(/^[A-Z]{2}$/, 'must be a two-letter country code such as US or GB'),
);

/** Clio's street is one text with line breaks: the first line, and the rest as line 2. */
export const streetInput = textInput(400).transform((value) => {
  const [line1 = '', ...rest] = value.split(/\r?\n/).map((line) => line.trim());
  const line2 = rest.filter(Boolean).join(', ');
  return { line1: line1 || null, line2: line2 || null };
});

/** Zapier passes a list field as an array, or a mapped value as one comma-separated string. */
export function listOf(value: unknown): string[] {
  if (isBlank(value)) return [];
  const items = Array.isArray(value) ? value : String(value).split(',');
  return items.map((item) => String(item).trim()).filter(Boolean);
}

// ---------------------------------------------------------------- errors

/** One input at fault: its label, what is wrong and (when the user gave one) the value. */
export interface InputProblem {
  label: string;
  message: string;
  value?: unknown;
}

/** The first issue of a failed conversion, for an `InputProblem`. */
export const problemOf = (label: string, error: z.ZodError, value: unknown): InputProblem => ({
  label,
  message: error.issues[0]?.message ?? 'is not valid',
  value,
});

/** Zapier shows 250 characters of a message: the first problems in full, then labels, then a count. */
const PROBLEMS_NAMED = 3;
const PROBLEMS_BUDGET = 160;

/**
 * `Please fix these inputs and try again: "Due Date" is not a real date …; also check "Status",
 * "Title"; and 2 more. Nothing was sent to Snapshots.` Quiet (../http/errors): core would
 * otherwise append the bundle and console logs, and Zapier would show none of the advice.
 */
export function invalidInputError(
  problems: readonly InputProblem[],
  {
    lead = `Please fix ${problems.length === 1 ? 'this input' : 'these inputs'} and try again`,
    tail = 'Nothing was sent to Snapshots.',
  }: { lead?: string; tail?: string } = {},
): Error {
  const named: string[] = [];
  for (const { label, message, value } of problems.slice(0, PROBLEMS_NAMED)) {
    const line = `"${label}" ${message}${value === undefined ? '' : ` (got ${shown(value)})`}`;
    if (named.length > 0 && [...named, line].join('; ').length > PROBLEMS_BUDGET) break;
    named.push(line);
  }
  const unnamed = problems.slice(named.length);
  const labelled = unnamed.slice(0, Math.max(0, PROBLEMS_NAMED - named.length));
  if (labelled.length > 0) {
    named.push(`also check ${labelled.map(({ label }) => `"${excerpt(label, 40)}"`).join(', ')}`);
  }
  const rest = unnamed.length - labelled.length;
  if (rest > 0) named.push(`and ${rest} more`);
  return halted(`${lead}: ${named.join('; ')}. ${tail}`);
}

const excerpt = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

/** The user's value, short, in quotes. */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return `"${excerpt(text, 30)}"`;
}
