/** The contract's one notion of "the same name" and of a text's length (src/api/text). */
import { foldName, nameContains, sameName, textLength } from '../../../src/api/text';

describe('sameName', () => {
  it('holds canonically equivalent forms (NFC and NFD) as one name', () => {
    const composed = 'José Núñez'.normalize('NFC');
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    expect(sameName(composed, decomposed)).toBe(true);
  });

  it('ignores case, surrounding spaces and runs of spaces, Unicode spaces included', () => {
    expect(sameName('  josé \u00a0  NÚÑEZ\t', 'José Núñez')).toBe(true);
    expect(sameName('Office', 'Back Office')).toBe(false);
  });

  it('folds German ß to ss, as full case folding does', () => {
    expect(sameName('Straße', 'STRASSE')).toBe(true);
    expect(sameName('Strasse', 'straße')).toBe(true);
    expect(sameName('ﬁle', 'FILE')).toBe(true);
  });

  it('reads Turkish dotted and dotless i as the letter i, deliberately', () => {
    expect(sameName('KIRMIZI', 'kırmızı')).toBe(true);
    expect(sameName('İstanbul', 'istanbul')).toBe(true);
    expect(sameName('İSTANBUL', 'Istanbul')).toBe(true);
    expect(foldName('Işık')).toBe('işik');
  });

  it('matches a part of a name the same way', () => {
    expect(nameContains('Büro STRASSE 5', 'straße')).toBe(true);
    expect(nameContains('Office', 'back')).toBe(false);
  });
});

describe('textLength', () => {
  it('counts code points: an emoji is one character', () => {
    expect('😀'.length).toBe(2);
    expect(textLength('😀'.repeat(200))).toBe(200);
    expect(textLength('a😀b')).toBe(3);
  });

  it('counts a lone surrogate as one', () => {
    expect(textLength('\ud800x')).toBe(2);
    expect(textLength('')).toBe(0);
  });
});
