/** The input converters: what Clio's triggers and Zapier's editor send, and what is refused. */
import { textLength } from '../../../src/api/text';
import {
  booleanInput,
  choiceInput,
  clioIdInput,
  countryInput,
  dateInput,
  durationInput,
  fitted,
  fittedLineInput,
  invalidInputError,
  listOf,
  numberInput,
  phoneInput,
  phoneInputFor,
  streetInput,
  timestampInput,
} from '../../../src/fields/inputs';
import { statusInput } from '../../../src/matters/matter.fields';
import type { z } from 'zod';
import { TimestampInput } from '../../../src/api/schemas';

const ok = (schema: z.ZodType, value: unknown) => {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`refused ${JSON.stringify(value)}: ${parsed.error.message}`);
  return parsed.data;
};
const refusal = (schema: z.ZodType, value: unknown) => {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error(`accepted ${JSON.stringify(value)}`);
  return parsed.error.issues[0]?.message;
};

describe('Clio ids', () => {
  it.each([
    [1234567, '1234567'],
    ['1234567', '1234567'],
    [' 42 ', '42'],
  ])('accepts %p as %p', (value, expected) => {
    expect(ok(clioIdInput, value)).toBe(expected);
  });

  it.each(['12a', '0', '-5', 1.5, '1.5', '', true, {}, '1234567890123456789012'])(
    'refuses %p',
    (value) => {
      expect(refusal(clioIdInput, value)).toMatch(/Clio ID: a whole number/);
    },
  );
});

describe('status', () => {
  it.each([
    ['Open', 'open'],
    ['open', 'open'],
    ['PENDING', 'pending'],
    [' Closed ', 'closed'],
  ])('accepts %p', (value, expected) => {
    expect(ok(statusInput, value)).toBe(expected);
  });

  it('refuses anything else, saying what it takes', () => {
    expect(refusal(statusInput, 'archived')).toBe('must be Open, Pending or Closed');
  });
});

describe('dates', () => {
  it.each([
    ['2027-03-01', '2027-03-01'],
    ['2027-03-01T09:00:00-05:00', '2027-03-01'],
    // 23:30 at -05:00 is already 03-02 in UTC: the sender's calendar date is kept.
    ['2027-03-01T23:30:00-05:00', '2027-03-01'],
    ['2027-03-02T00:30:00+02:00', '2027-03-02'],
    ['2028-02-29', '2028-02-29'],
  ])('reads %p as %p', (value, expected) => {
    expect(ok(dateInput, value)).toBe(expected);
  });

  it.each(['2027-02-30', '2027-02-29', '2027-13-01'])('refuses the impossible date %p', (value) => {
    expect(refusal(dateInput, value)).toMatch(/not a real date/);
  });

  it.each(['next tuesday', '03/01/2027', '2027-03-01T09:00:00'])(
    'refuses %p, saying the form',
    (value) => {
      expect(refusal(dateInput, value)).toMatch(/2027-03-01/);
    },
  );
});

describe('timestamps', () => {
  it('keeps the moment of a timestamp with an offset', () => {
    expect(ok(timestampInput, '2027-03-01T09:00:00-05:00')).toBe('2027-03-01T14:00:00.000Z');
  });

  it('reads a date alone as noon UTC of that day', () => {
    expect(ok(timestampInput, '2027-03-01')).toBe('2027-03-01T12:00:00.000Z');
  });

  it('asks for the offset when it is missing', () => {
    expect(refusal(timestampInput, '2027-03-01T09:00:00')).toMatch(/needs a time zone offset/);
  });

  it('refuses an impossible date', () => {
    expect(refusal(timestampInput, '2027-02-30')).toMatch(/not a real date/);
  });

  // Finding 10: ISO 8601's basic offsets and minutes-only times were refused.
  it.each([
    ['2026-12-02T10:00:00+0000', '2026-12-02T10:00:00.000Z'],
    ['2026-12-02T10:00:00+00:00', '2026-12-02T10:00:00.000Z'],
    ['2026-12-02T10:00:00-0530', '2026-12-02T15:30:00.000Z'],
    ['2026-12-02T10:00:00+01', '2026-12-02T09:00:00.000Z'],
    ['2026-12-02T10:00Z', '2026-12-02T10:00:00.000Z'],
    ['2026-12-02T10:00+01:00', '2026-12-02T09:00:00.000Z'],
    ['2026-12-02T10:00:00.5Z', '2026-12-02T10:00:00.500Z'],
    ['2026-12-02T10:00:00,123456Z', '2026-12-02T10:00:00.123Z'],
    ['2026-12-02t10:00:00z', '2026-12-02T10:00:00.000Z'],
    ['2026-12-02 10:00:00Z', '2026-12-02T10:00:00.000Z'],
    ['20261202T100000Z', '2026-12-02T10:00:00.000Z'],
    ['20261202T1000+0100', '2026-12-02T09:00:00.000Z'],
  ])('reads the ISO 8601 form %p as %p, which the contract takes', (value, expected) => {
    const moment = ok(timestampInput, value);
    expect(moment).toBe(expected);
    expect(TimestampInput.safeParse(moment).success).toBe(true);
  });

  it.each([
    ['2026-12-02T10:00', '2026-12-02T10:00:00Z or 2026-12-02T10:00:00-05:00'],
    ['2026-12-02T10:00:00.250', '2026-12-02T10:00:00Z or 2026-12-02T10:00:00-05:00'],
    ['20261202T1000', '2026-12-02T10:00:00Z or 2026-12-02T10:00:00-05:00'],
  ])('asks for the offset of %p, suggesting only values it accepts', (value, suggestion) => {
    const message = refusal(timestampInput, value);
    expect(message).toBe(`needs a time zone offset, e.g. ${suggestion}`);
    for (const suggested of suggestion.split(' or ')) {
      expect(ok(timestampInput, suggested)).toEqual(expect.any(String));
    }
  });

  it.each([
    ['2026-12-02T24:00:00Z', /not a real time/],
    ['2026-12-02T10:60Z', /not a real time/],
    ['2026-02-30T10:00Z', /not a real date/],
    ['2026-12-02T10:00:00+2400', /time zone offset out of range/],
    ['2026-12-02T10:00:00 EST', /such as 2027-03-01T09:00:00-05:00/],
    ['0000-01-01T00:30:00+01:00', /years 0000-9999/],
  ])('refuses %p, saying why', (value, message) => {
    expect(refusal(timestampInput, value)).toMatch(message);
  });

  it('reads the date of a basic-offset or minutes-only timestamp where it was written', () => {
    expect(ok(dateInput, '2027-03-01T23:30:00-0500')).toBe('2027-03-01');
    expect(ok(dateInput, '2027-03-01T23:30+02')).toBe('2027-03-01');
  });
});

describe('numbers, booleans, durations', () => {
  it.each([
    [12.5, 12.5],
    ['12.5', 12.5],
    [' 3 ', 3],
    ['-2', -2],
  ])('numbers: reads %p as %p', (value, expected) => {
    expect(ok(numberInput, value)).toBe(expected);
  });

  it.each(['12,5', 'ten', '', '1e', Infinity])('numbers: refuses %p', (value) => {
    expect(refusal(numberInput, value)).toBe('must be a number such as 12.5');
  });

  it.each([
    [true, true],
    ['false', false],
    ['TRUE', true],
    ['yes', true],
    ['0', false],
    [1, true],
  ])('booleans: reads %p as %p', (value, expected) => {
    expect(ok(booleanInput, value)).toBe(expected);
  });

  it('booleans: refuses other text', () => {
    expect(refusal(booleanInput, 'maybe')).toBe('must be true or false');
  });

  it('durations: minutes, seconds (Clio quantity) and hours all become whole minutes', () => {
    expect(ok(durationInput(1), '45')).toBe(45);
    expect(ok(durationInput(1 / 60), 5400)).toBe(90);
    expect(ok(durationInput(1 / 60), '3600.0')).toBe(60);
    expect(ok(durationInput(60), '1.5')).toBe(90);
    expect(refusal(durationInput(1), -1)).toBe('must not be negative');
  });
});

describe('contact details', () => {
  it('phone numbers lose their separators; without a country they must be international', () => {
    expect(ok(phoneInput, '+1 (415) 555-0123')).toBe('+14155550123');
    expect(ok(phoneInput, '0044 20 7946 0000')).toBe('+442079460000');
    expect(refusal(phoneInput, '(415) 555-0123')).toMatch(
      /national form: give it with its country code, e\.g\. \+1 604 555 0100, or fill in "Country"/,
    );
    expect(refusal(phoneInput, '+1 415 CALL NOW')).toMatch(/must be a phone number/);
  });

  // Issue 16, finding 6: Clio holds phones as typed, often in national form.
  it.each([
    ['604-555-0100', 'CA', '+16045550100'],
    ['(604) 555-0100', 'CA', '+16045550100'],
    ['604.555.0100', 'US', '+16045550100'],
    ['1 604 555 0100', 'US', '+16045550100'],
    ['011 44 20 7946 0000', 'US', '+442079460000'],
    ['+44 20 7946 0000', 'CA', '+442079460000'],
    ['020 7946 0000', 'GB', '+442079460000'],
    ['0412 345 678', 'AU', '+61412345678'],
    ['01 234 5678', 'IE', '+35312345678'],
    ['09 123 4567', 'NZ', '+6491234567'],
    // Any country's national form, read with libphonenumber-js's numbering plans.
    ['01 23 45 67 89', 'FR', '+33123456789'],
    ['030 1234567', 'DE', '+49301234567'],
    ['98765 43210', 'IN', '+919876543210'],
    ['0044 20 7946 0000', 'FR', '+442079460000'],
  ])('national or international %p with the country %p is %p', (value, country, expected) => {
    expect(ok(phoneInputFor(country), value)).toBe(expected);
  });

  it.each([
    ['555-0100', 'US'],
    ['01 23 45 67', 'FR'],
    ['030 1234 5678 9012 34', 'DE'],
    ['98765 43', 'IN'],
  ])('refuses %p in %p, saying the fix', (value, country) => {
    expect(refusal(phoneInputFor(country), value)).toBe(
      `is not a ${country} phone number: give it with its country code, e.g. +1 604 555 0100`,
    );
  });

  it('country codes in any case', () => {
    expect(ok(countryInput, 'us')).toBe('US');
    expect(ok(countryInput, ' gb ')).toBe('GB');
    expect(ok(countryInput, 'zr')).toBe('CD'); // a retired code: its successor
  });

  // Issue 16, finding 6: Clio holds the country as an English name.
  it.each([
    ['Canada', 'CA'],
    ['United States', 'US'],
    ['united  STATES', 'US'],
    ['United States of America', 'US'],
    ['USA', 'US'],
    ['U.S.A.', 'US'],
    ['United Kingdom', 'GB'],
    ['UK', 'GB'],
    ['England', 'GB'],
    ['Ireland', 'IE'],
    ['Australia', 'AU'],
    ['New Zealand', 'NZ'],
    ['The Netherlands', 'NL'],
    ["Côte d'Ivoire", 'CI'],
    ['Saint Kitts and Nevis', 'KN'],
    ['St. Lucia', 'LC'],
    ['Bosnia & Herzegovina', 'BA'],
    ['Democratic Republic of the Congo', 'CD'],
    ['Russia', 'RU'],
    ['Hong Kong', 'HK'],
  ])('country name %p is %p', (name, code) => {
    expect(ok(countryInput, name)).toBe(code);
  });

  it.each(['Atlantis', 'XQ', 'EU', 'ZZ', 'United', 42])(
    'refuses %p, saying what it takes',
    (value) => {
      expect(refusal(countryInput, value)).toBe(
        'must be a country: its English name such as Canada or United Kingdom, or its two-letter code such as CA or GB',
      );
    },
  );

  it("Clio's multi-line street becomes line 1 and line 2", () => {
    expect(ok(streetInput, '1 Main St\nSuite 4\nBack door')).toEqual({
      line1: '1 Main St',
      line2: 'Suite 4, Back door',
    });
    expect(ok(streetInput, '1 Main St')).toEqual({ line1: '1 Main St', line2: null });
  });
});

describe('choices and lists', () => {
  it('matches a choice in any spelling, and aliases', () => {
    const kind = choiceInput(['clio_time_entry', 'clio_note'], 'a kind', {
      TimeEntry: 'clio_time_entry',
    });
    expect(ok(kind, 'Clio Time Entry')).toBe('clio_time_entry');
    expect(ok(kind, 'timeentry')).toBe('clio_time_entry');
    expect(ok(kind, 'CLIO_NOTE')).toBe('clio_note');
    expect(refusal(kind, 'bill')).toBe('must be a kind');
  });

  it('reads a list as an array or as comma-separated text', () => {
    expect(listOf(['a', ' b '])).toEqual(['a', 'b']);
    expect(listOf('a, b,,c')).toEqual(['a', 'b', 'c']);
    expect(listOf(undefined)).toEqual([]);
  });
});

describe('the error', () => {
  it('names each input by its label, says how to fix it, quotes the value and that nothing was sent', () => {
    const error = invalidInputError([
      { label: 'Due Date', message: 'is not a real date (2027-02-30)', value: '2027-02-30' },
      { label: 'Title', message: 'is required: fill it in' },
    ]);
    expect(error.name).toBe('HaltedError');
    expect(error.message).toBe(
      'Please fix these inputs and try again: "Due Date" is not a real date (2027-02-30) (got "2027-02-30"); "Title" is required: fill it in. Nothing was sent to Snapshots.',
    );
  });
});

// Issue 16, finding 6: Clio's matter Description has no length limit; a title has one.
describe('text fitted to a limit', () => {
  const words = (count: number) =>
    Array.from({ length: count }, (_, index) => `word${index}`).join(' ');

  it('leaves text within the limit as it is (trimmed)', () => {
    expect(ok(fittedLineInput(300), '  Smith v. Jones ')).toBe('Smith v. Jones');
    expect(ok(fittedLineInput(300), 'x'.repeat(300))).toBe('x'.repeat(300));
  });

  it('shortens longer text to the limit with "…", on a word boundary', () => {
    const long = words(200); // 1,289 characters
    const title = ok(fittedLineInput(300), long) as string;
    expect(title.length).toBeLessThanOrEqual(300);
    expect(title.length).toBeGreaterThan(290);
    expect(title.endsWith('…')).toBe(true);
    expect(long.startsWith(title.slice(0, -1))).toBe(true);
    expect(long.charAt(title.length - 1)).toBe(' ');
  });

  it('cuts mid-word when no word ends near the limit, never inside an astral character', () => {
    expect(fitted('x'.repeat(400), 300)).toBe(`${'x'.repeat(299)}…`);
    // Counted as the contract counts (textLength: an emoji is one character).
    expect(fitted('😀'.repeat(300), 300)).toBe('😀'.repeat(300));
    const emoji = fitted('😀'.repeat(400), 300);
    expect(emoji).toBe(`${'😀'.repeat(299)}…`);
    expect(textLength(emoji)).toBe(300);
  });

  it('drops punctuation left dangling before "…"', () => {
    expect(fitted(`${'a'.repeat(250)}, ${'b'.repeat(100)}`, 300)).toBe(`${'a'.repeat(250)}…`);
  });

  it('still refuses what is never meant', () => {
    expect(refusal(fittedLineInput(300), 'a\u0000b')).toMatch(/control character/);
    expect(refusal(fittedLineInput(300), { a: 1 })).toBe('must be text');
  });
});
