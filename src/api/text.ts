/**
 * How the contract reads text, in one place for the integration and the server: how long a text
 * is, and when two names are the same name. Storage never changes: a name is kept byte for byte;
 * only comparisons fold it.
 */

/**
 * A text's length in characters, counted as Unicode code points (as zod's `max` counts them): an
 * emoji is one, even though JavaScript's `length` says two. A flag or a family emoji, built of
 * several code points, counts as several.
 */
export function textLength(text: string): number {
  let units = 0;
  let pairs = 0;
  for (let index = 0; index < text.length; index++, units++) {
    const code = text.charCodeAt(index);
    const next = text.charCodeAt(index + 1);
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      pairs++;
      index++;
      units++;
    }
  }
  return units - pairs;
}

/** Every Unicode space, runs of them included: collapsed to one ASCII space. */
const SPACES = /\s+/gu;
/** Turkish dotted capital I and dotless small i: the letter i, whatever its dot (see `foldName`). */
const TURKISH_I = /[\u0130\u0131]/gu;

/**
 * The form two names are compared in: Unicode NFC (so "é" typed as one code point or as "e" and a
 * combining accent is one letter), surrounding spaces trimmed and inner runs of spaces collapsed,
 * and full case folding, so "STRASSE" and "straße" are the same (ß folds to ss, ﬁ to fi, ς to σ).
 *
 * Deliberately, the dotted and dotless i of Turkish (İ, ı) fold to a plain i: a name typed in
 * capitals on one system (KIRMIZI, İSTANBUL) or on a keyboard without them (Kirmizi) matches its
 * lowercase form. Unicode's default folding keeps ı apart, so "KIRMIZI" would never find
 * "kırmızı"; the price is that two names differing only in the dot of an i are the same name.
 */
export function foldName(text: string): string {
  return (
    text
      .normalize('NFC')
      .replace(SPACES, ' ')
      .trim()
      .replace(TURKISH_I, 'i')
      // Upper then lower case: JavaScript's mappings carry full folding's expansions (ß → SS → ss).
      .toUpperCase()
      .toLowerCase()
      .normalize('NFC')
  );
}

/** Whether two names are the same name (see `foldName`). */
export const sameName = (a: string, b: string): boolean => foldName(a) === foldName(b);

/** Whether `name` contains `part`, both folded (see `foldName`): what `q=` matches. */
export const nameContains = (name: string, part: string): boolean =>
  foldName(name).includes(foldName(part));
