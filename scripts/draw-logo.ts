/**
 * Draws the integration's logo: assets/logo.svg (the vector source) and assets/logo.png (what
 * Zapier's listing takes: a square RGBA PNG of at least 256 px), both from the one list of shapes
 * below, so they cannot drift (test/unit/logo.test.ts renders them again and compares).
 * The motif: a camera viewfinder around a lens, a snapshot. No dependencies: the PNG is rasterised
 * here (pixels on an edge sampled on a grid, for smooth edges) and encoded with Node's zlib.
 * Usage: npm run logo
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

export const LOGO_SIZE = 512;

type Rgb = readonly [number, number, number];
type Shape =
  | { kind: 'rect'; x: number; y: number; width: number; height: number; radius: number; fill: Rgb }
  | { kind: 'circle'; cx: number; cy: number; r: number; fill: Rgb };

const NAVY: Rgb = [0x1d, 0x3a, 0x5f];
const WHITE: Rgb = [0xff, 0xff, 0xff];
const AMBER: Rgb = [0xf5, 0xa6, 0x23];

const rect = (
  x: number,
  y: number,
  width: number,
  height: number,
  fill: Rgb,
  radius = 0,
): Shape => ({
  kind: 'rect',
  x,
  y,
  width,
  height,
  radius,
  fill,
});

/** One viewfinder corner: two bars meeting at (x, y), pointing right/down by the signs. */
function bracket(x: number, y: number, right: boolean, down: boolean): Shape[] {
  const length = 104;
  const thickness = 28;
  const left = right ? x : x - length;
  const top = down ? y : y - length;
  return [
    rect(left, down ? y : y - thickness, length, thickness, WHITE, 6),
    rect(right ? x : x - thickness, top, thickness, length, WHITE, 6),
  ];
}

/** Back to front: later shapes cover earlier ones. */
export const LOGO_SHAPES: readonly Shape[] = [
  rect(0, 0, LOGO_SIZE, LOGO_SIZE, NAVY, 112),
  ...bracket(88, 88, true, true),
  ...bracket(424, 88, false, true),
  ...bracket(88, 424, true, false),
  ...bracket(424, 424, false, false),
  { kind: 'circle', cx: 256, cy: 256, r: 104, fill: WHITE },
  { kind: 'circle', cx: 256, cy: 256, r: 70, fill: NAVY },
  { kind: 'circle', cx: 256, cy: 256, r: 34, fill: AMBER },
];

function contains(shape: Shape, px: number, py: number): boolean {
  if (shape.kind === 'circle') return (px - shape.cx) ** 2 + (py - shape.cy) ** 2 <= shape.r ** 2;
  const { x, y, width, height, radius } = shape;
  if (px < x || py < y || px > x + width || py > y + height) return false;
  // Inside the rectangle; outside its rounded corners only beyond the corner circle.
  const nearestX = Math.min(Math.max(px, x + radius), x + width - radius);
  const nearestY = Math.min(Math.max(py, y + radius), y + height - radius);
  return (px - nearestX) ** 2 + (py - nearestY) ** 2 <= radius ** 2;
}

const hex = ([r, g, b]: Rgb) =>
  `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;

export function renderLogoSvg(shapes: readonly Shape[] = LOGO_SHAPES): string {
  const elements = shapes.map((shape) =>
    shape.kind === 'circle'
      ? `  <circle cx="${shape.cx}" cy="${shape.cy}" r="${shape.r}" fill="${hex(shape.fill)}"/>`
      : `  <rect x="${shape.x}" y="${shape.y}" width="${shape.width}" height="${shape.height}"` +
        `${shape.radius ? ` rx="${shape.radius}"` : ''} fill="${hex(shape.fill)}"/>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${LOGO_SIZE}" height="${LOGO_SIZE}" viewBox="0 0 ${LOGO_SIZE} ${LOGO_SIZE}">`,
    '  <title>Snapshots</title>',
    ...elements,
    '</svg>',
    '',
  ].join('\n');
}

/** Samples per pixel side: 4 × 4 points give edges smooth enough at 512 px. */
const SAMPLES = 4;

/** The frontmost shape at a point, or undefined where none is. */
function shapeAt(shapes: readonly Shape[], px: number, py: number): Shape | undefined {
  for (let index = shapes.length - 1; index >= 0; index--) {
    const shape = shapes[index];
    if (shape && contains(shape, px, py)) return shape;
  }
  return undefined;
}

/**
 * RGBA pixels, row by row; transparent where no shape covers. A pixel whose four corners show the
 * same shape is filled with it; only pixels on an edge are sampled on the grid (the shapes are far
 * larger than a pixel, so none hides inside one).
 */
function rasterise(shapes: readonly Shape[], size: number): Uint8Array {
  const pixels = new Uint8Array(size * size * 4);
  const scale = LOGO_SIZE / size;
  const paint = (at: number, [r, g, b]: Rgb, alpha: number) => {
    pixels.set([r, g, b, alpha], at);
  };
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      const at = (row * size + column) * 4;
      const corners = [
        shapeAt(shapes, column * scale, row * scale),
        shapeAt(shapes, (column + 1) * scale, row * scale),
        shapeAt(shapes, column * scale, (row + 1) * scale),
        shapeAt(shapes, (column + 1) * scale, (row + 1) * scale),
      ];
      if (corners.every((corner) => corner === corners[0])) {
        if (corners[0]) paint(at, corners[0].fill, 255);
        continue;
      }
      const sum = [0, 0, 0];
      let covered = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const top = shapeAt(
            shapes,
            (column + (sx + 0.5) / SAMPLES) * scale,
            (row + (sy + 0.5) / SAMPLES) * scale,
          );
          if (!top) continue;
          top.fill.forEach((channel, index) => (sum[index] = (sum[index] ?? 0) + channel));
          covered++;
        }
      }
      if (covered === 0) continue;
      const average = sum.map((channel) => Math.round(channel / covered)) as unknown as Rgb;
      paint(at, average, Math.round((255 * covered) / SAMPLES ** 2));
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** PNG's CRC-32 (the zlib one), over a chunk's type and data. */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

export function renderLogoPng(size = LOGO_SIZE, shapes: readonly Shape[] = LOGO_SHAPES): Buffer {
  const pixels = rasterise(shapes, size);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // colour type 6: RGBA
  // Each row starts with its filter type, 0 (none).
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let row = 0; row < size; row++) {
    Buffer.from(pixels.buffer, row * size * 4, size * 4).copy(rows, row * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', new Uint8Array()),
  ]);
}

export const LOGO_FILES = { svg: 'assets/logo.svg', png: 'assets/logo.png' };

if (require.main === module) {
  const root = join(__dirname, '..', '..');
  writeFileSync(join(root, LOGO_FILES.svg), renderLogoSvg());
  writeFileSync(join(root, LOGO_FILES.png), renderLogoPng());
  console.log(`Wrote ${LOGO_FILES.svg} and ${LOGO_FILES.png} (${LOGO_SIZE} × ${LOGO_SIZE} RGBA).`);
}
