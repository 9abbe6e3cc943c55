/**
 * The listing's logo: Zapier takes a square PNG of at least 256 × 256 in RGBA. Read from the
 * committed file's header by hand (no image library), and checked to be what scripts/draw-logo.ts
 * draws, SVG source included, so neither drifts from the other.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LOGO_FILES, crc32, renderLogoPng, renderLogoSvg } from '../../scripts/draw-logo';

const ROOT = path.resolve(__dirname, '../..');
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const RGBA = 6;

/** The IHDR chunk, which the PNG format puts first, right after the signature. */
function readPngHeader(png: Buffer) {
  return {
    signature: [...png.subarray(0, 8)],
    firstChunk: png.toString('latin1', 12, 16),
    width: png.readUInt32BE(16),
    height: png.readUInt32BE(20),
    bitDepth: png[24],
    colourType: png[25],
    crcMatches: png.readUInt32BE(29) === crc32(png.subarray(12, 29)),
  };
}

describe('the logo', () => {
  const png = readFileSync(path.join(ROOT, LOGO_FILES.png));

  it('is a square RGBA PNG of at least 256 px, 8 bits per channel', () => {
    const header = readPngHeader(png);
    expect(header).toEqual({
      signature: PNG_SIGNATURE,
      firstChunk: 'IHDR',
      width: header.height,
      height: expect.any(Number),
      bitDepth: 8,
      colourType: RGBA,
      crcMatches: true,
    });
    expect(header.width).toBeGreaterThanOrEqual(256);
  });

  it('is what scripts/draw-logo.ts draws, the PNG and its SVG source (npm run logo)', () => {
    expect(png.equals(renderLogoPng())).toBe(true);
    expect(readFileSync(path.join(ROOT, LOGO_FILES.svg), 'utf8')).toBe(renderLogoSvg());
  });
});
