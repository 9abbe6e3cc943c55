/** Small formatting helpers for the text users read in dropdowns. */

/**
 * The text on one line, at most `max` characters: cut with an ellipsis, at the end of a word when
 * one ends near the limit. Empty when there is no text.
 */
export function excerpt(text: string | null | undefined, max: number): string {
  const line = (text ?? '').replace(/\s+/g, ' ').trim();
  if (line.length <= max) return line;
  const cut = line.slice(0, max - 1);
  const midWord = line.charAt(max - 1) !== ' ';
  const lastSpace = cut.lastIndexOf(' ');
  const head = midWord && lastSpace >= max * 0.6 ? cut.slice(0, lastSpace) : cut;
  return `${head.trimEnd()}…`;
}

/**
 * `2026-11-27 10:15` in the user's time zone (Zapier's `bundle.meta.timezone`), or
 * `2026-11-27 10:15 UTC` when Zapier gives none or one this runtime does not know.
 */
export function formatDateTime(timestamp: string, timeZone: string | null | undefined): string {
  const date = new Date(timestamp);
  const zoned = timeZone ? partsIn(date, timeZone) : undefined;
  const parts = zoned ?? partsIn(date, 'UTC');
  if (!parts) return timestamp;
  const text = `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
  return zoned ? text : `${text} UTC`;
}

type DateParts = Record<'year' | 'month' | 'day' | 'hour' | 'minute', string>;

/**
 * One formatter per time zone: building one costs about 60 µs, which a page of 100 records
 * would pay 100 times. Only zones the runtime knows are kept, and only so many.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
const MAX_FORMATTERS = 1_000;

function formatterIn(timeZone: string): Intl.DateTimeFormat | undefined {
  let format = formatters.get(timeZone);
  if (format) return format;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
  } catch {
    return undefined; // RangeError: a time zone this runtime does not know
  }
  if (formatters.size < MAX_FORMATTERS) formatters.set(timeZone, format);
  return format;
}

/** The wall-clock date and time of `date` in `timeZone`; undefined for an unknown zone or date. */
export function partsIn(date: Date, timeZone: string): DateParts | undefined {
  const format = formatterIn(timeZone);
  if (!format || Number.isNaN(date.getTime())) return undefined;
  const parts = Object.fromEntries(
    format.formatToParts(date).map((part) => [part.type, part.value]),
  );
  const { year, month, day, hour, minute } = parts;
  if (!year || !month || !day || !hour || !minute) return undefined;
  return { year, month, day, hour, minute };
}

/**
 * A whole number with thousands separators, `10000` → `10,000`, without `toLocaleString`: its
 * number-format data costs several milliseconds on first use, paid at load where the input
 * converters' messages are built. Other numbers are returned as `String` gives them.
 */
export const withThousands = (count: number): string =>
  Number.isSafeInteger(count) ? String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : String(count);

/** `open` → `Open`. */
export const capitalize = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);
