/**
 * What users map into action and search inputs, converted to what Snapshots takes, in one place.
 *
 * Each converter is a zod schema from what Zapier passes (strings, numbers, booleans, whatever
 * the previous step emitted, Clio's triggers included) to the API's value; its messages say how to
 * fix the value. `invalidInputError` turns the problems into one `HaltedError` that names every
 * field by its label: bad input stops the run before any request, and never switches the Zap off.
 */
import type * as PhoneNumbers from 'libphonenumber-js/min';
import { z } from 'zod';
import { PlainDate } from '../api/schemas';
import { textLength } from '../api/text';
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

/** Text with nothing a user never means: control characters, Zapier's old template syntax. */
const meantText = (text: z.ZodString) =>
  text
    .refine(
      (value) => !CONTROL_CHARACTER.test(value),
      'contains an invisible control character (such as NUL): remove it, or map a value without it',
    )
    .refine(
      (value) => !ZAPIER_TEMPLATE.test(value),
      'contains "{{bundle." or "{{process.", which Zapier does not send: remove the curly braces',
    );

/** Text of at most `max` characters, counted as the contract counts them (`textLength`). */
export const textInput = (max: number) =>
  z.preprocess(
    numberAsText,
    meantText(z.string('must be text')).refine(
      (value) => textLength(value) <= max,
      `must be at most ${withThousands(max)} characters`,
    ),
  );

/** Single-line text: surrounding whitespace dropped. */
export const lineInput = (max: number) => z.preprocess(trim, textInput(max));

/** Single-line text of any length, surrounding whitespace dropped. */
const anyLengthLine = z.preprocess(
  trim,
  z.preprocess(numberAsText, meantText(z.string('must be text'))),
);

/**
 * `text` in at most `max` characters, counted as the contract counts them (`textLength`: code
 * points): cut on a word boundary when one is near the end (or else mid-word, never inside an
 * astral character), then "…".
 */
export function fitted(text: string, max: number): string {
  if (textLength(text) <= max) return text;
  let cut = Array.from(text)
    .slice(0, max - 1)
    .join('');
  const lastSpace = cut.search(/\s\S*$/);
  const endsAWord = /\s/.test(text.charAt(cut.length));
  if (!endsAWord && lastSpace >= max * 0.8) cut = cut.slice(0, lastSpace);
  return `${cut.replace(/[\s,;:.\-–—]+$/u, '')}…`;
}

/**
 * Single-line text that never halts for its length (Clio's matter Description has no limit, a
 * title has one): longer text is shortened to `max` characters with "…" (see `fitted`).
 */
export const fittedLineInput = (max: number) =>
  anyLengthLine.transform((text) => fitted(text, max));

/**
 * The whole of a value `fittedLineInput(max)` shortens, for another input to keep; undefined when
 * it fits (or is no text: the input itself reports that).
 */
export function overflowOf(value: unknown, max: number): string | undefined {
  const read = anyLengthLine.safeParse(value);
  return read.success && textLength(read.data) > max ? read.data : undefined;
}

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
const NOT_A_REAL_TIME =
  'is not a real time: hours run from 00 to 23, minutes and seconds from 00 to 59';
const NOT_A_REAL_OFFSET = 'has a time zone offset out of range: offsets run from -23:59 to +23:59';
const DATE_HINT =
  'must be a date such as 2027-03-01, or a timestamp with an offset such as 2027-03-01T09:00:00-05:00';

/**
 * ISO 8601 date and time, extended (`2027-03-01T09:00:00`) or basic (`20270301T090000`), seconds
 * and fraction optional (`09:00`, `09:00:00,5`), then the zone: `Z`, an extended or basic offset
 * (`-05:00`, `-0500`) or hours alone (`-05`), or none. The contract takes RFC 3339 only (seconds and
 * an extended offset), so the integration reads these forms and sends UTC.
 */
const ISO_DATE_TIME = [
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(.*)$/i,
  /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(?:(\d{2})(?:[.,](\d+))?)?(.*)$/i,
];
const ISO_ZONE = /^(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?)$/i;

/** A date and time as read: a moment, or why not (each message suggests only a valid value). */
type ReadDateTime =
  { moment: string; localDate: string } | { problem: string } | { notDateTime: true };

/** An ISO 8601 date and time: its moment in UTC and its date where it was written, or why not. */
function readIsoDateTime(value: string): ReadDateTime {
  const match = ISO_DATE_TIME.map((form) => form.exec(value)).find(Boolean);
  if (!match) return { notDateTime: true };
  const [, year = '', month = '', day = '', hours = '', minutes = '', seconds = '00'] = match;
  const fraction = (match[7] ?? '').padEnd(3, '0').slice(0, 3);
  const date = `${year}-${month}-${day}`;
  if (!PlainDate.safeParse(date).success) return { problem: NOT_A_REAL_DATE };
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59) {
    return { problem: NOT_A_REAL_TIME };
  }
  const local = `${date}T${hours}:${minutes}:${seconds}`;
  const zone = ISO_ZONE.exec(match[8] ?? '');
  if (!zone) {
    return match[8]
      ? { notDateTime: true }
      : { problem: `needs a time zone offset, e.g. ${local}Z or ${local}-05:00` };
  }
  const [, utc, sign = '+', offsetHours = '00', offsetMinutes = '00'] = zone;
  if (Number(offsetHours) > 23 || Number(offsetMinutes) > 59) return { problem: NOT_A_REAL_OFFSET };
  const offset = utc ? 'Z' : `${sign}${offsetHours}:${offsetMinutes}`;
  const moment = new Date(`${local}.${fraction}${offset}`).toISOString();
  // The contract keeps years 0000-9999 in UTC: 0000-01-01T00:30+01:00 would fall before them.
  if (!/^\d{4}-/.test(moment)) return { problem: 'must fall within the years 0000-9999 in UTC' };
  return { moment, localDate: date };
}

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
  const read = readIsoDateTime(value);
  if ('localDate' in read) return read.localDate;
  ctx.addIssue({ code: 'custom', message: 'problem' in read ? read.problem : DATE_HINT });
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
    const read = readIsoDateTime(value);
    if ('moment' in read) return read.moment;
    ctx.addIssue({ code: 'custom', message: 'problem' in read ? read.problem : TIMESTAMP_HINT });
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

// ---------------------------------------------------------------- phones

/** Separators people type (`(604) 555-0100`, `604.555.0100`), dropped before reading the digits. */
const PHONE_SEPARATORS = /[\s\u00A0().\-/]/g;
const E164 = /^\+[1-9]\d{1,14}$/;

const INTERNATIONAL_FORM = 'with its country code, e.g. +1 604 555 0100';
const NO_COUNTRY = `is in national form: give it ${INTERNATIONAL_FORM}, or fill in "Country" so it takes the country code of the address`;
const NOT_A_PHONE = `must be a phone number ${INTERNATIONAL_FORM}`;

let phoneNumbers: typeof PhoneNumbers | undefined;

/**
 * libphonenumber-js, loaded on first use: its metadata takes about 30 ms to load, which only a step
 * with a national number should pay, not every cold start.
 */
function loadPhoneNumbers(): typeof PhoneNumbers {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose (above)
  phoneNumbers ??= require('libphonenumber-js/min') as typeof PhoneNumbers;
  return phoneNumbers;
}

/**
 * A national number read in `country`, or why not. The min metadata knows every country's
 * calling code, trunk prefix and number lengths (enough for `isPossible`) at a fraction of the
 * full metadata's size, which ships to Zapier; `isValid` is not asked, so fictional numbers pass.
 */
function nationalToE164(digits: string, country: string): { phone: string } | { problem: string } {
  const { isSupportedCountry, parsePhoneNumberFromString } = loadPhoneNumbers();
  const read = isSupportedCountry(country)
    ? parsePhoneNumberFromString(digits, country)
    : undefined;
  if (read?.isPossible() && E164.test(read.number)) return { phone: read.number };
  return { problem: `is not a ${country} phone number: give it ${INTERNATIONAL_FORM}` };
}

/**
 * A phone number, stored in E.164 (`+16045550100`). International form (`+1 604-555-0100`, or
 * `00` for `+`) is read as it is; national form (`604-555-0100`, as Clio often holds it) takes its
 * country code from `country`, the ISO code of the address in the same step, and is refused
 * without one.
 */
export const phoneInputFor = (country: string | undefined) =>
  z
    .preprocess(
      (value) => (typeof value === 'string' ? value.replace(PHONE_SEPARATORS, '') : value),
      z.string('must be a phone number'),
    )
    .transform((value, ctx) => {
      const international = value.startsWith('00') ? `+${value.slice(2)}` : value;
      if (international.startsWith('+')) {
        if (E164.test(international)) return international;
        ctx.addIssue({ code: 'custom', message: NOT_A_PHONE });
        return z.NEVER;
      }
      if (!/^\d+$/.test(value)) {
        ctx.addIssue({ code: 'custom', message: NOT_A_PHONE });
        return z.NEVER;
      }
      if (country === undefined) {
        ctx.addIssue({ code: 'custom', message: NO_COUNTRY });
        return z.NEVER;
      }
      // North America dials out with 011 where most of the world uses 00.
      if (value.startsWith('011') && E164.test(`+${value.slice(3)}`)) {
        const { isSupportedCountry, getCountryCallingCode } = loadPhoneNumbers();
        if (isSupportedCountry(country) && getCountryCallingCode(country) === '1') {
          return `+${value.slice(3)}`;
        }
      }
      const read = nationalToE164(value, country);
      if ('phone' in read) return read.phone;
      ctx.addIssue({ code: 'custom', message: read.problem });
      return z.NEVER;
    });

/** A phone number with no country to read a national number in: international form only. */
export const phoneInput = phoneInputFor(undefined);

export const emailInput = z.preprocess(
  trim,
  z.email('must be an email address such as name@example.com'),
);

// ---------------------------------------------------------------- countries

/** Region codes ICU names that are no country (the EU, the UN, pseudo-locales, "Unknown Region"). */
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'XA', 'XB', 'ZZ']);

/**
 * Spellings ICU's English names miss, as addresses (and Clio's contacts) hold them: ISO's own
 * names, former names, and the usual short forms.
 */
const COUNTRY_ALIASES: Readonly<Record<string, string>> = {
  USA: 'US',
  'U.S.A.': 'US',
  'U.S.': 'US',
  'United States of America': 'US',
  America: 'US',
  UK: 'GB',
  'U.K.': 'GB',
  'Great Britain': 'GB',
  Britain: 'GB',
  England: 'GB',
  Scotland: 'GB',
  Wales: 'GB',
  'Northern Ireland': 'GB',
  'United Kingdom of Great Britain and Northern Ireland': 'GB',
  'Republic of Ireland': 'IE',
  Holland: 'NL',
  'Czech Republic': 'CZ',
  Turkey: 'TR',
  'Russian Federation': 'RU',
  'Republic of Korea': 'KR',
  'Korea, Republic of': 'KR',
  "Democratic People's Republic of Korea": 'KP',
  'Viet Nam': 'VN',
  'Ivory Coast': 'CI',
  'Cape Verde': 'CV',
  'East Timor': 'TL',
  Swaziland: 'SZ',
  Macedonia: 'MK',
  Burma: 'MM',
  Macau: 'MO',
  'Hong Kong': 'HK',
  Palestine: 'PS',
  'Vatican City': 'VA',
  Vatican: 'VA',
  'Democratic Republic of the Congo': 'CD',
  DRC: 'CD',
  'Republic of the Congo': 'CG',
  UAE: 'AE',
  "People's Republic of China": 'CN',
  PRC: 'CN',
  'Iran, Islamic Republic of': 'IR',
  'Bolivia, Plurinational State of': 'BO',
  'Venezuela, Bolivarian Republic of': 'VE',
  'Tanzania, United Republic of': 'TZ',
  'Syrian Arab Republic': 'SY',
  "Lao People's Democratic Republic": 'LA',
  'Moldova, Republic of': 'MD',
};

/** `Côte d’Ivoire`, `cote d'ivoire` and `The  Côte-d'Ivoire` are one name. */
const foldCountry = (name: string) =>
  name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[.'’,()]/g, '')
    .replace(/[\s_-]+/g, ' ')
    .trim()
    .replace(/^the /, '')
    .replace(/\bst\b/g, 'saint');

let countryCodeByName: Map<string, string> | undefined;
let countryCodes: Set<string> | undefined;

/**
 * Every English name ICU (Node's full ICU) gives a region, long and short (`United Kingdom`,
 * `UK`), and the aliases, by folded name. Built on first use: 676 look-ups (about 5 ms) that a
 * step without a country never pays, nor the app's cold start.
 */
function countryCodesByName(): Map<string, string> {
  if (countryCodeByName) return countryCodeByName;
  const byName = new Map<string, string>();
  const names = ['long', 'short'].map(
    (style) => new Intl.DisplayNames(['en'], { type: 'region', style: style as 'long' | 'short' }),
  );
  for (const code of allTwoLetterCodes()) {
    // Retired codes (SU, ZR) carry their successor's name: the successor's code is the one kept.
    if (NOT_COUNTRIES.has(code) || canonicalRegion(code) !== code) continue;
    for (const display of names) {
      const name = display.of(code);
      if (name !== undefined && name !== code) byName.set(foldCountry(name), code);
    }
  }
  for (const [alias, code] of Object.entries(COUNTRY_ALIASES)) byName.set(foldCountry(alias), code);
  countryCodeByName = byName;
  return byName;
}

/** The region code ICU's alias data makes of `code` (`ZR` → `CD`; an unknown code stays itself). */
function canonicalRegion(code: string): string | undefined {
  return Intl.getCanonicalLocales(`und-${code}`)[0]?.slice(4);
}

function* allTwoLetterCodes(): Generator<string> {
  for (let first = 65; first <= 90; first += 1) {
    for (let second = 65; second <= 90; second += 1) yield String.fromCharCode(first, second);
  }
}

const knownCodes = () => (countryCodes ??= new Set(countryCodesByName().values()));

let countryNames: Intl.DisplayNames | undefined;

/** The English name a country goes by in Clio (`CA` → `Canada`); a code ICU does not name stays. */
export function countryNameOf(code: string): string {
  countryNames ??= new Intl.DisplayNames(['en'], { type: 'region' });
  return countryNames.of(code) ?? code;
}

const COUNTRY_HINT =
  'must be a country: its English name such as Canada or United Kingdom, or its two-letter code such as CA or GB';

/**
 * A country, stored as its ISO 3166-1 alpha-2 code: the code in any case (`ca`), or the English
 * name as Clio holds it (`Canada`, `United States`, `USA`, `UK`), in any case and spacing.
 */
export const countryInput = z.preprocess(trim, z.string(COUNTRY_HINT)).transform((value, ctx) => {
  const byName = countryCodesByName().get(foldCountry(value));
  if (byName !== undefined) return byName;
  const code = value.toUpperCase();
  const canonical = /^[A-Z]{2}$/.test(code) ? canonicalRegion(code) : undefined;
  if (canonical !== undefined && knownCodes().has(canonical)) return canonical;
  ctx.addIssue({ code: 'custom', message: COUNTRY_HINT });
  return z.NEVER;
});

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
