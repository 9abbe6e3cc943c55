/**
 * The directory description (Zapier's check M002) lives twice: in docs/listing.md for the person
 * filling in Zapier's forms, and as package.json's `description`. Both must say the same, and it
 * must follow Zapier's rules. The listing must also answer every other question of the forms.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import packageJson from '../../package.json';

const ROOT = path.resolve(__dirname, '../..');
const listing = readFileSync(path.join(ROOT, 'docs/listing.md'), 'utf8');

/** The one quoted line under "## Directory description". */
function listedDescription(markdown: string): string | undefined {
  const section = markdown.split(/^## /m).find((part) => part.startsWith('Directory description'));
  return section?.match(/^> (.+)$/m)?.[1]?.trim();
}

const sentences = (text: string) => text.split(/(?<=[.!?])\s+/).filter(Boolean);
/** Talk of syncing, in any of its forms: the directory describes the product itself. */
const SYNC_TALK = /\b(sync\w*|synchroni[sz]\w*|in step|mirror\w*)\b/i;

describe('the directory description', () => {
  const description = listedDescription(listing);

  it('in docs/listing.md is package.json’s description, word for word', () => {
    expect(description).toBe(packageJson.description);
  });

  it.each([
    ['package.json', packageJson.description],
    ['docs/listing.md', description ?? ''],
  ])('in %s follows Zapier’s rules', (_, text) => {
    expect(text.length).toBeGreaterThanOrEqual(40);
    expect(text.length).toBeLessThanOrEqual(140);
    expect(sentences(text).length).toBeGreaterThanOrEqual(1);
    expect(sentences(text).length).toBeLessThanOrEqual(3);
    expect(text.startsWith('Snapshots is a')).toBe(true);
    expect(text).not.toMatch(/zapier/i);
    expect(text).not.toMatch(SYNC_TALK);
  });

  it('the rules catch the old description', () => {
    const old =
      'Zapier integration for the Snapshots API: keep Snapshots and Clio in sync without code.';
    expect(old.startsWith('Snapshots is a')).toBe(false);
    expect(old).toMatch(/zapier/i);
    expect(old).toMatch(SYNC_TALK);
  });
});

describe('docs/listing.md', () => {
  it.each([
    '## Title',
    '## Directory description',
    '## Category, audience, role',
    '## Homepage and API docs',
    '## Reviewer notes',
  ])('answers %s', (heading) => {
    expect(listing).toContain(`\n${heading}\n`);
  });

  it('marks the homepage and API docs as placeholders for the vendor', () => {
    const placeholders = listing.match(/TO FILL IN: https:\/\/<[^>]+>/g) ?? [];
    expect(placeholders).toHaveLength(2);
  });

  it.each([
    ['the Clio ID inputs without dropdowns', 'D004'],
    ['cleanInputData', 'D028'],
    ['the upsert actions', 'two tasks'],
  ])('gives the reviewer the reason for %s', (_, mention) => {
    const notes = listing.slice(listing.indexOf('## Reviewer notes'));
    expect(notes).toContain(mention);
  });
});
