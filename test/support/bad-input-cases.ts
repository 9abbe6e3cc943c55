/**
 * The bad-input specification, as data: what kind of value each input takes (read from the input
 * definition itself), and for each kind which hostile or unusual values are refused and which
 * pass, with the exact value that must reach Snapshots. `test/unit/bad-input.test.ts` runs every
 * case against every input of every operation of the app, so a new operation or field is covered
 * without editing either file; an input no rule below recognises gets the default of its Zapier
 * type, and a wrong default fails loudly.
 */
import { OBJECTS } from '../../src/api/objects';
import type { PlainInputField } from 'zapier-platform-core';
import type { CustomFieldDefinition } from '../../src/api/schemas';

// ---------------------------------------------------------------- what an input takes

export type ValueKind =
  | 'line' // single-line free text, trimmed
  | 'fittedLine' // single-line free text, trimmed, and shortened with "…" past its limit
  | 'longText' // multi-line free text, kept as typed
  | 'street' // free text whose first line is address line 1
  | 'email'
  | 'phone'
  | 'country'
  | 'timezone'
  | 'timestamp' // a moment: stored in UTC
  | 'date' // a calendar date
  | 'dateOrTimestamp' // an activity's date: a date alone kept as it is, a moment stored in UTC
  | 'number'
  | 'minutes'
  | 'seconds'
  | 'hours'
  | 'version' // a whole number ≥ 1, sent as If-Match
  | 'boolean'
  | 'choice'
  | 'choices' // a multi-select ("Fields to Clear")
  | 'modifier' // a search option that changes how it matches, not what it sends
  | 'filter' // a trigger's "Only When These Fields Change": checked at subscribe, sent nowhere
  | 'clioId'
  | 'snapshotsId'
  | 'opaqueKey'; // hashed into the Idempotency-Key, never sent as such

/** Inputs whose kind their Zapier type cannot tell (search inputs are matched without `search_`). */
const KIND_BY_KEY: Readonly<Record<string, ValueKind>> = {
  email: 'email',
  phone: 'phone',
  country: 'country',
  street: 'street',
  timezone: 'timezone',
  due_date: 'date',
  date: 'dateOrTimestamp',
  duration_minutes: 'minutes',
  duration_seconds: 'seconds',
  duration_hours: 'hours',
  expected_version: 'version',
  deduplication_key: 'opaqueKey',
  only_when_changed: 'filter',
  partial: 'modifier',
};

/**
 * Inputs read differently from their search namesakes (matched with `search_`): a matter's Title
 * takes a Clio Description of any length, while the search's Title is one to look for.
 */
const KIND_BY_EXACT_KEY: Readonly<Record<string, ValueKind>> = { title: 'fittedLine' };

/** The custom-field definitions the fake API serves for every object: one of each type. */
export const CUSTOM_FIELD_DEFINITIONS: CustomFieldDefinition[] = [
  custom('cf_text', 'Billing Code', 'text', { required: true }),
  custom('cf_long_text', 'Case Summary', 'long_text'),
  custom('cf_number', 'Budget', 'number'),
  custom('cf_date', 'Court Date', 'date'),
  custom('cf_datetime', 'Hearing At', 'datetime'),
  custom('cf_boolean', 'Urgent', 'boolean'),
  custom('cf_select', 'Practice Area', 'select', { choices: ['Family', 'Tax Law'] }),
];

const KIND_BY_CUSTOM_TYPE: Readonly<Record<CustomFieldDefinition['type'], ValueKind>> = {
  text: 'line',
  long_text: 'longText',
  number: 'number',
  date: 'date',
  datetime: 'timestamp',
  boolean: 'boolean',
  select: 'choice',
};

const KIND_BY_ZAPIER_TYPE: Readonly<Record<string, ValueKind>> = {
  string: 'line',
  text: 'longText',
  datetime: 'timestamp',
  number: 'number',
  integer: 'number',
  boolean: 'boolean',
};

/** The id a dropdown's records carry: its object's id prefix in the registry (`matter_list` → `mat`). */
export const ID_PREFIX_BY_DROPDOWN: Readonly<Record<string, string>> = Object.fromEntries(
  OBJECTS.map((object) => [`${object.name}_list`, object.idPrefix]),
);

export function kindOf(field: PlainInputField): ValueKind {
  const key = field.key.replace(/^search_/, '');
  const custom = CUSTOM_FIELD_DEFINITIONS.find(({ key: k }) => field.key === `custom_fields__${k}`);
  if (custom) return KIND_BY_CUSTOM_TYPE[custom.type];
  const byExactKey = KIND_BY_EXACT_KEY[field.key];
  if (byExactKey) return byExactKey;
  const byKey = KIND_BY_KEY[key];
  if (byKey) return byKey;
  if (field.list) return 'choices';
  if (field.choices) return 'choice';
  if (field.dynamic) return 'snapshotsId';
  if (/(^|_)clio(_[a-z]+)?_id$/.test(key)) return 'clioId';
  const byType = KIND_BY_ZAPIER_TYPE[field.type ?? 'string'];
  if (!byType) throw new Error(`input ${field.key}: no value kind for type ${field.type}`);
  return byType;
}

/** Inputs that mean something only together (a Clio id and which kind of Clio record it is). */
export const COMPANIONS: Readonly<Record<string, readonly string[]>> = {
  clio_id: ['clio_kind'],
  clio_kind: ['clio_id'],
  search_clio_id: ['search_clio_kind'],
  search_clio_kind: ['search_clio_id'],
};

// ---------------------------------------------------------------- outcomes

/**
 * - refused: a HaltedError naming the input by its label and saying how to fix it; no request
 *   (a read of the custom-field definitions carries no user data and is allowed);
 * - sent: the request carries exactly `value` (a body value or key, a path segment, a query
 *   value, or If-Match), possibly behind a `system:` prefix (`clio:1234567`);
 * - omitted: blank means "left out": the request is exactly the one sent without the input;
 * - cleared: the update sets the chosen field to null;
 * - keyed: the request is the one without the input, under another Idempotency-Key;
 * - ran: the step ran and sent its one request (a search option changes how it asks);
 * - accepted: the request is the one without the input, whatever its Idempotency-Key (a
 *   trigger's filter is checked when the Zap is turned on and applied to each delivery).
 */
export type Outcome =
  | { refused: true }
  | { sent: unknown }
  | { omitted: true }
  | { cleared: true }
  | { keyed: true }
  | { accepted: true }
  | { ran: true };

export interface InputCase {
  name: string;
  value: unknown;
  outcome: Outcome;
}

const REFUSED: Outcome = { refused: true };
const sent = (value: unknown): Outcome => ({ sent: value });

// ---------------------------------------------------------------- the values tried

/** Markup and injection: harmless text to Snapshots, which stores and returns it as given. */
export const HOSTILE = {
  'markup <script>': '<script>alert(1)</script>',
  'markup <img onerror>': '<img src=x onerror=alert(1)>',
  'SQL injection': "'; DROP TABLE matters; --",
  'template {{x}}': '{{x}}',
  'path traversal ../../': '../../etc/passwd',
  'encoded NUL %00': 'a%00b',
} as const;

/** Unusual but meaningful Unicode: kept exactly (no normalisation) in free text. */
export const UNICODE = {
  'combining marks': 'Jose\u0301 Nun\u0303ez',
  'RTL override': 'Invoice \u202Efdp.exe',
  'emoji with ZWJ': 'Estate 👩‍⚖️ 📁',
  'astral CJK': '𠜎𠜱 事務所',
} as const;

/**
 * Refused in every input: a NUL (or another C0 control but tab and line breaks) is never meant,
 * and core will not send Zapier's old template syntax (its error would name no input).
 */
export const CONTROL = {
  'NUL character': 'a\u0000b',
  'escape character': 'a\u001bb',
  'Zapier template {{bundle.…}}': '{{bundle.authData.access_token}}',
} as const;

/** Longer than any text Snapshots stores (10,000 characters at most). */
const FAR_TOO_LONG = 'x'.repeat(10_001);

/** A matter Description as Clio holds it (no length limit), past a title's 300 characters. */
const CLIO_DESCRIPTION = Array.from({ length: 148 }, (_, index) => `term${index + 100}`).join(' ');

const withThousands = (count: number) => count.toLocaleString('en-US');

/** Free-text inputs shorter than the hostile strings (the rest take at least 200 characters). */
const MAX_LENGTH_BY_KEY: Readonly<Record<string, number>> = { postal_code: 20 };

const hostileAnd = (outcome: (value: string) => Outcome): InputCase[] =>
  Object.entries({ ...HOSTILE, ...UNICODE }).map(([name, value]) => ({
    name,
    value,
    outcome: outcome(value),
  }));

/** Structured inputs refuse every hostile string through one check: a few of them suffice. */
const STRUCTURED_HOSTILE = ['markup <script>', 'SQL injection', 'template {{x}}', 'emoji with ZWJ'];

const controls = (): InputCase[] =>
  Object.entries(CONTROL).map(([name, value]) => ({ name, value, outcome: REFUSED }));

const wrongTypes = (valid: Partial<Record<'number' | 'boolean', Outcome>> = {}): InputCase[] => [
  { name: 'wrong type: object', value: { a: 1 }, outcome: REFUSED },
  { name: 'wrong type: list', value: ['a', 'b'], outcome: REFUSED },
  { name: 'wrong type: number', value: 42, outcome: valid.number ?? REFUSED },
  { name: 'wrong type: boolean', value: true, outcome: valid.boolean ?? REFUSED },
];

const TOO_LONG_NAME = 'too long (10,001 characters)';
const tooLong = (): InputCase => ({
  name: TOO_LONG_NAME,
  value: FAR_TOO_LONG,
  outcome: REFUSED,
});

const cases = (...rows: [string, unknown, Outcome][]): InputCase[] =>
  rows.map(([name, value, outcome]) => ({ name, value, outcome }));

/** Free text of any kind: markup and Unicode pass unchanged. */
const freeText = (trims: boolean, field: PlainInputField): InputCase[] => [
  // Search text too reaches Snapshots whole, `{{x}}` included: the client encodes queries into
  // the URL itself, where core's leftover-template cleanup of params never looks.
  ...hostileAnd((value) =>
    value.length > (MAX_LENGTH_BY_KEY[field.key] ?? Infinity) ? REFUSED : sent(value),
  ),
  ...controls(),
  ...wrongTypes({ number: sent('42') }),
  tooLong(),
  ...cases([
    'surrounding whitespace',
    '  Doe v. Roe  ',
    sent(trims ? 'Doe v. Roe' : '  Doe v. Roe  '),
  ]),
];

/** Structured values: none of the hostile strings is one. */
const structured = (): InputCase[] => [
  ...hostileAnd(() => REFUSED).filter((testCase) => STRUCTURED_HOSTILE.includes(testCase.name)),
  ...controls(),
  tooLong(),
];

const dateCases = (
  asDate: (date: string) => string,
  asTimestamp: (timestamp: string) => string,
): InputCase[] => [
  ...structured(),
  ...wrongTypes(),
  ...cases(
    ['a date', '2027-03-01', sent(asDate('2027-03-01'))],
    ['leap day', '2028-02-29', sent(asDate('2028-02-29'))],
    [
      'timestamp with offset',
      '2027-03-01T21:30:00-05:00',
      sent(asTimestamp('2027-03-01T21:30:00-05:00')),
    ],
    ['malformed date 03/01/2027', '03/01/2027', REFUSED],
    ['malformed date 2027-3-1', '2027-3-1', REFUSED],
    ['impossible date 2027-02-30', '2027-02-30', REFUSED],
    ['impossible date 2027-02-29 (no leap year)', '2027-02-29', REFUSED],
    ['impossible month 2027-13-01', '2027-13-01', REFUSED],
    ['impossible timestamp 2027-02-30T10:00:00Z', '2027-02-30T10:00:00Z', REFUSED],
    ['timestamp without offset', '2027-03-01T09:00:00', REFUSED],
    ['words', 'next Tuesday', REFUSED],
  ),
];

const durationCases = (minutesPerUnit: number): InputCase[] => [
  ...numberCases((value) => sent(Math.round(value * minutesPerUnit))),
  ...cases(['negative', '-5', REFUSED]),
];

const numberCases = (valid: (value: number) => Outcome): InputCase[] => [
  ...structured(),
  ...wrongTypes({ number: valid(42) }),
  ...cases(
    ['numeric text', '120', valid(120)],
    ['decimal text with spaces', ' 12.5 ', valid(12.5)],
    ['decimal comma', '12,5', REFUSED],
    ['not a number', 'twelve', REFUSED],
    ['NaN', 'NaN', REFUSED],
    ['overflow 1e400', '1e400', REFUSED],
    ['with a unit', '12 hours', REFUSED],
  ),
];

const choiceCases = (field: PlainInputField): InputCase[] => {
  const values = choiceValues(field);
  const [first = ''] = values;
  return [
    ...structured(),
    ...wrongTypes(),
    ...values.map((value) => ({ name: `choice ${value}`, value, outcome: sent(value) })),
    ...cases(
      ['choice in upper case', first.toUpperCase(), sent(first)],
      ['unknown choice', 'Archived', REFUSED],
      ['choice with a suffix', `${first}x`, REFUSED],
    ),
  ];
};

const choiceValues = (field: PlainInputField): string[] => {
  const { choices } = field;
  if (Array.isArray(choices)) {
    return choices.map((choice) => (typeof choice === 'string' ? choice : choice.value));
  }
  return Object.keys(choices ?? {});
};

const CASES_BY_KIND: Readonly<
  Record<ValueKind, (field: PlainInputField, prefix?: string) => InputCase[]>
> = {
  line: (field) => freeText(true, field),
  fittedLine: (field) => [
    ...freeText(true, field).filter((testCase) => testCase.name !== TOO_LONG_NAME),
    ...cases(
      ['too long (10,001 characters): shortened', FAR_TOO_LONG, sent(`${'x'.repeat(299)}…`)],
      [
        `a Clio description of ${withThousands(CLIO_DESCRIPTION.length)} characters: shortened on a word`,
        CLIO_DESCRIPTION,
        sent(`${CLIO_DESCRIPTION.slice(0, CLIO_DESCRIPTION.lastIndexOf(' ', 299))}…`),
      ],
    ),
  ],
  longText: (field) => [
    ...freeText(false, field),
    ...cases(['several lines', 'Line 1\nLine 2\r\n\tLine 3', sent('Line 1\nLine 2\r\n\tLine 3')]),
  ],
  street: () => [
    ...hostileAnd(sent),
    ...controls(),
    ...wrongTypes({ number: sent('42') }),
    tooLong(),
    ...cases(['two lines', '1 Main St\nSuite 4', sent('Suite 4')]),
  ],
  email: () => [
    ...structured(),
    ...wrongTypes(),
    ...cases(
      ['an address with spaces around', '  office@firm.example ', sent('office@firm.example')],
      ['no @', 'office.firm.example', REFUSED],
      ['two @', 'a@b@firm.example', REFUSED],
      ['a display name', 'Office <office@firm.example>', REFUSED],
    ),
  ],
  phone: () => [
    ...structured(),
    ...wrongTypes(),
    ...cases(
      ['with separators', '+1 (415) 555-0123', sent('+14155550123')],
      ['00 for +', '0044 20 7946 0000', sent('+442079460000')],
      ['no country code, and no Country to take it from', '4155550123', REFUSED],
      ['national form, and no Country to take it from', '(604) 555-0100', REFUSED],
      ['letters', '+1 415 CALL NOW', REFUSED],
      ['too many digits', '+1234567890123456', REFUSED],
    ),
  ],
  country: () => [
    ...structured(),
    ...wrongTypes(),
    ...cases(
      ['lower case', 'gb', sent('GB')],
      ['a name as Clio holds it', 'Canada', sent('CA')],
      ['a name in any case and spacing', ' united   STATES ', sent('US')],
      ['a short form', 'USA', sent('US')],
      ['UK', 'UK', sent('GB')],
      ['a name no mapping knows', 'Atlantis', REFUSED],
      ['a code no mapping knows', 'XQ', REFUSED],
    ),
  ],
  timezone: () => [
    ...structured(),
    ...wrongTypes(),
    ...cases(
      ['a zone', 'Europe/Kyiv', sent('Europe/Kyiv')],
      ['an unknown zone', 'Mars/Olympus_Mons', REFUSED],
      ['an offset', '+05:00', REFUSED],
    ),
  ],
  timestamp: () =>
    dateCases(
      (date) => `${date}T12:00:00.000Z`,
      (timestamp) => new Date(timestamp).toISOString(),
    ),
  date: () =>
    dateCases(
      (date) => date,
      (timestamp) => timestamp.slice(0, 10),
    ),
  dateOrTimestamp: () =>
    dateCases(
      (date) => date,
      (timestamp) => new Date(timestamp).toISOString(),
    ),
  number: () => numberCases(sent),
  minutes: () => durationCases(1),
  seconds: () => durationCases(1 / 60),
  hours: () => durationCases(60),
  version: () => [
    ...structured(),
    ...wrongTypes({ number: sent(42) }),
    ...cases(
      ['numeric text', '7', sent(7)],
      ['numeric text with spaces', ' 12 ', sent(12)],
      ['zero', '0', REFUSED],
      ['negative', '-1', REFUSED],
      ['fraction', '2.5', REFUSED],
      ['not a number', 'three', REFUSED],
    ),
  ],
  boolean: () => [
    ...structured(),
    ...wrongTypes({ boolean: sent(true) }),
    ...cases(
      ['yes', 'Yes', sent(true)],
      ['FALSE', 'FALSE', sent(false)],
      ['zero', 0, sent(false)],
      ['maybe', 'maybe', REFUSED],
      ['two', 2, REFUSED],
    ),
  ],
  choice: choiceCases,
  choices: (field) => [
    ...structured(),
    tooLong(),
    ...choiceValues(field).map((value) => ({
      name: `choice ${value}`,
      value: [value],
      outcome: { cleared: true } as const,
    })),
    ...cases(
      ['unknown choice', ['no_such_field'], REFUSED],
      ['wrong type: object', { a: 1 }, REFUSED],
    ),
  ],
  modifier: () => [
    ...structured(),
    ...wrongTypes({ boolean: { ran: true } }),
    ...cases(
      ['yes', 'Yes', { ran: true }],
      ['FALSE', 'FALSE', { ran: true }],
      ['maybe', 'maybe', REFUSED],
    ),
  ],
  filter: (field) => [
    ...structured(),
    ...choiceValues(field).map((value) => ({
      name: `choice ${value}`,
      value: [value],
      outcome: { accepted: true } as const,
    })),
    ...cases(
      ['a custom field chosen by key', ['custom_fields.court_date'], { accepted: true }],
      ['comma-separated text', choiceValues(field).slice(0, 2).join(', '), { accepted: true }],
      ['unknown choice', ['no_such_field'], REFUSED],
      ['wrong type: object', { a: 1 }, REFUSED],
      ['wrong type: number in the list', [42], REFUSED],
    ),
  ],
  clioId: () => [
    ...structured(),
    ...wrongTypes({ number: sent('42') }),
    ...cases(
      ['numeric text', '1234567', sent('1234567')],
      ['numeric text with spaces', ' 7654321 ', sent('7654321')],
      ['zero', '0', REFUSED],
      ['negative', '-12', REFUSED],
      ['fraction', 12.5, REFUSED],
      ['exponent', '1e6', REFUSED],
      ['beyond a safe integer', 2 ** 53, REFUSED],
      ['20 digits', '12345678901234567890', REFUSED],
      ['a Snapshots id', 'loc_abc', REFUSED],
    ),
  ],
  snapshotsId: (_field, prefix = 'loc') => [
    ...structured(),
    ...wrongTypes(),
    ...cases(
      ['an id', `${prefix}_Z9y8X7`, sent(`${prefix}_Z9y8X7`)],
      ['an id with spaces around', ` ${prefix}_abc `, sent(`${prefix}_abc`)],
      ['another kind of id', prefix === 'mat' ? 'loc_abc' : 'mat_abc', REFUSED],
      ['the prefix alone', `${prefix}_`, REFUSED],
      ['a path in the id', `${prefix}_abc/../../x`, REFUSED],
      ['a space inside', `${prefix}_a b`, REFUSED],
      ['too long', `${prefix}_${'a'.repeat(65)}`, REFUSED],
      ['a Clio id', '1234567', REFUSED],
    ),
  ],
  opaqueKey: () => [
    ...hostileAnd(() => ({ keyed: true })),
    ...controls(),
    tooLong(),
    ...cases(
      ['wrong type: object', { a: 1 }, REFUSED],
      ['a trigger id', 'evt_01HZX', { keyed: true }],
      ['a number', 98765, { keyed: true }],
    ),
  ],
};

/** Every case for one input; blanks are refused when the input is needed, left out otherwise. */
export function casesFor(
  field: PlainInputField,
  { blankRefused, idPrefix }: { blankRefused: boolean; idPrefix?: string },
): InputCase[] {
  const blank: Outcome = blankRefused
    ? REFUSED
    : kindOf(field) === 'filter'
      ? { accepted: true }
      : { omitted: true };
  return [
    ...cases(['empty', '', blank], ['whitespace only', ' \t\n ', blank], ['null', null, blank]),
    ...CASES_BY_KIND[kindOf(field)](field, idPrefix),
  ];
}

/** A value the input accepts, for the inputs a case does not test. */
export function validSample(field: PlainInputField, idPrefix?: string): unknown {
  const kind = kindOf(field);
  if (kind === 'choice' || kind === 'choices' || kind === 'filter') {
    const [first] = choiceValues(field);
    return kind === 'choice' ? first : [first];
  }
  if (kind === 'snapshotsId') return `${idPrefix ?? 'loc'}_base1`;
  return SAMPLES[kind];
}

const SAMPLES: Readonly<
  Record<Exclude<ValueKind, 'choice' | 'choices' | 'filter' | 'snapshotsId'>, unknown>
> = {
  line: 'Estate of Doe',
  fittedLine: 'Estate of Doe',
  longText: 'Met the client.',
  street: '1 Main St',
  email: 'office@firm.example',
  phone: '+14155550123',
  country: 'US',
  timezone: 'America/New_York',
  timestamp: '2027-03-01T09:00:00-05:00',
  date: '2027-03-01',
  dateOrTimestamp: '2027-03-01',
  number: 3,
  minutes: 30,
  seconds: 1800,
  hours: 1,
  version: 3,
  boolean: true,
  modifier: true,
  clioId: '1111111',
  opaqueKey: 'evt_base',
};

function custom(
  key: string,
  label: string,
  type: CustomFieldDefinition['type'],
  extra: Partial<CustomFieldDefinition> = {},
): CustomFieldDefinition {
  return { key, label, type, choices: [], required: false, help_text: null, ...extra };
}

/**
 * The cases for an input met before, with the same definition, in another operation (the location
 * fields of create, upsert and find-or-create; the custom fields of every object): a blank, a
 * hostile string and a valid value, so every input of every operation is tried
 * while the whole catalogue runs once per distinct input (core's app tester costs ~10 ms a run).
 */
export function smokeOf(all: readonly InputCase[]): InputCase[] {
  const valid = all.find((testCase) => !('refused' in testCase.outcome) && testCase.value !== '');
  return all.filter(
    (testCase) => ['empty', 'markup <script>'].includes(testCase.name) || testCase === valid,
  );
}
