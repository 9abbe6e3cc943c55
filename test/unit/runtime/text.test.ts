/** The formatting of dropdown labels. */
import { capitalize, excerpt, formatDateTime, withThousands } from '../../../src/runtime/text';

describe('excerpt', () => {
  it.each([
    [null, ''],
    [undefined, ''],
    ['  ', ''],
    ['Short note.', 'Short note.'],
    ['Line one\n\n  line   two', 'Line one…'],
    ['Line one twelve', 'Line one…'],
    ['Line one ab cd', 'Line one ab…'],
    ['ab cdefghijklmnop', 'ab cdefghij…'],
    ['abcdefghijkl', 'abcdefghijkl'],
    ['abcdefghijklm', 'abcdefghijk…'],
    ['abcdefghij  xyz', 'abcdefghij…'],
  ])('%p → %p (at most 12 characters, on one line)', (text, expected) => {
    expect(excerpt(text, 12)).toBe(expected);
    expect(excerpt(text, 12).length).toBeLessThanOrEqual(12);
  });
});

describe('formatDateTime', () => {
  const at = '2026-11-27T10:05:00.000Z';

  it('shows the time in the user’s time zone', () => {
    expect(formatDateTime(at, 'America/New_York')).toBe('2026-11-27 05:05');
    expect(formatDateTime(at, 'Asia/Kolkata')).toBe('2026-11-27 15:35');
  });

  it('crosses the date line with the zone', () => {
    expect(formatDateTime('2026-11-27T23:30:00.000Z', 'Europe/Berlin')).toBe('2026-11-28 00:30');
  });

  it.each([null, undefined, '', 'Not/AZone'])('says UTC when the zone is %p', (zone) => {
    expect(formatDateTime(at, zone)).toBe('2026-11-27 10:05 UTC');
  });

  it('keeps each zone apart when formatting many times (one cached formatter per zone)', () => {
    for (let run = 0; run < 3; run++) {
      expect(formatDateTime(at, 'America/New_York')).toBe('2026-11-27 05:05');
      expect(formatDateTime(at, 'Asia/Kolkata')).toBe('2026-11-27 15:35');
      expect(formatDateTime(at, 'Not/AZone')).toBe('2026-11-27 10:05 UTC');
    }
  });

  it('returns a timestamp it cannot read unchanged', () => {
    expect(formatDateTime('not a date', 'UTC')).toBe('not a date');
  });
});

describe('capitalize', () => {
  it.each([
    ['open', 'Open'],
    ['call', 'Call'],
    ['', ''],
  ])('%p → %p', (word, expected) => expect(capitalize(word)).toBe(expected));
});

describe('withThousands', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [10_000, '10,000'],
    [1_234_567, '1,234,567'],
    [-12_000, '-12,000'],
    [1234.5678, '1234.5678'],
  ])('%p → %p', (count, expected) => expect(withThousands(count)).toBe(expected));
});
