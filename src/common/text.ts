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

function partsIn(date: Date, timeZone: string): DateParts | undefined {
  let format: Intl.DateTimeFormat;
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
  if (Number.isNaN(date.getTime())) return undefined;
  const parts = Object.fromEntries(
    format.formatToParts(date).map((part) => [part.type, part.value]),
  );
  const { year, month, day, hour, minute } = parts;
  if (!year || !month || !day || !hour || !minute) return undefined;
  return { year, month, day, hour, minute };
}

/** `open` → `Open`. */
export const capitalize = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);
