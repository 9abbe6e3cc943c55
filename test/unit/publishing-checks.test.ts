/**
 * Publishing checks over every action and search, generated from the app itself so no operation
 * is forgotten: the keys users' Zaps rely on, Title Case labels, "Creates/Updates/Links/Removes/
 * Finds …" descriptions, help text on every input, required inputs first, and id inputs that pair
 * a dynamic dropdown with a search that exists (Zapier's publishing check D014). Every operation,
 * triggers included, has a description in Zapier's style: one short sentence, "Triggers when …"
 * or a plural verb first, never naming the app itself.
 */
import type { PlainInputField } from 'zapier-platform-core';
import { app } from '../../src/app';

const CREATE_KEYS = [
  'create_location',
  'update_location',
  'upsert_location_from_clio',
  'link_location_to_clio_contact',
  'unlink_location_from_clio_contact',
  'create_location_if_absent',
  'create_matter',
  'update_matter',
  'upsert_matter_from_clio',
  'link_matter_to_clio_matter',
  'unlink_matter_from_clio_matter',
  'create_matter_if_absent',
  'create_activity',
  'update_activity',
  'upsert_activity_from_clio',
  'link_activity_to_clio_record',
  'unlink_activity_from_clio_record',
];
const SEARCH_KEYS = ['find_location', 'find_matter', 'find_activity'];

type Operation = {
  key: string;
  display: { label: string; description: string };
  operation: { inputFields?: readonly unknown[]; sample?: object };
};
const creates = Object.entries(app.creates ?? {}) as [string, Operation][];
const searches = Object.entries(app.searches ?? {}) as [string, Operation][];
const operations = [...creates, ...searches];

const staticFields = (operation: Operation) =>
  (operation.operation.inputFields ?? []).filter(
    (field): field is PlainInputField => typeof field === 'object' && field !== null,
  );

const SMALL_WORDS = new Set(['to', 'from', 'or', 'and', 'of', 'by', 'a', 'the', 'in']);
const isTitleCase = (label: string) =>
  label
    .replace(/[()]/g, '')
    .split(' ')
    .every((word, index) => (index > 0 && SMALL_WORDS.has(word)) || /^[A-Z0-9]/.test(word));

describe('actions and searches', () => {
  it('are registered under the keys users’ Zaps rely on, each under its own key', () => {
    expect(creates.map(([key]) => key).sort()).toEqual([...CREATE_KEYS].sort());
    expect(searches.map(([key]) => key).sort()).toEqual([...SEARCH_KEYS].sort());
    for (const [key, operation] of operations) expect(operation.key).toBe(key);
  });

  it('find-or-create is keyed by its search, for locations and matters', () => {
    expect(app.searchOrCreates).toEqual({
      find_location: expect.objectContaining({
        key: 'find_location',
        search: 'find_location',
        create: 'create_location_if_absent',
      }),
      find_matter: expect.objectContaining({
        key: 'find_matter',
        search: 'find_matter',
        create: 'create_matter_if_absent',
      }),
    });
  });

  it.each(operations)('%s: Title Case label, description by role, a sample', (key, operation) => {
    expect(isTitleCase(operation.display.label)).toBe(true);
    const verb = key.startsWith('find_')
      ? 'Finds '
      : key.startsWith('create_')
        ? 'Creates '
        : key.startsWith('upsert_')
          ? 'Creates or updates '
          : key.startsWith('link_')
            ? 'Links '
            : key.startsWith('unlink_')
              ? 'Removes '
              : 'Updates ';
    expect(operation.display.description.startsWith(verb)).toBe(true);
    expect(operation.operation.sample).toEqual(expect.objectContaining({ id: expect.any(String) }));
  });

  it.each(operations)(
    '%s: every input has a Title Case label and help text; required ones first',
    (_key, operation) => {
      const fields = staticFields(operation);
      for (const field of fields) {
        expect(field.label && isTitleCase(field.label)).toBe(true);
        expect(field.helpText?.length).toBeGreaterThan(20);
      }
      const required = fields.map((field) => field.required === true);
      expect(required).toEqual([...required].sort((a, b) => Number(b) - Number(a)));
    },
  );

  it.each(operations)(
    '%s: an input with a search step also has a dropdown, and the search exists',
    (_key, operation) => {
      for (const field of staticFields(operation)) {
        if (!field.search) continue;
        expect(field.dynamic).toMatch(/^[a-z_]+\.id\.label$/);
        const [searchKey, idField] = field.search.split('.');
        expect(Object.keys(app.searches ?? {})).toContain(searchKey);
        expect(idField).toBe(field.key);
      }
    },
  );
});

/** Every operation Zapier shows or runs, by kind, each with its description. */
type Described = { display: { description: string; hidden?: boolean } };
const describedOperations = (
  ['triggers', 'creates', 'searches', 'searchOrCreates'] as const
).flatMap((kind) =>
  Object.entries((app[kind] ?? {}) as Record<string, Described>).map(
    ([key, operation]) => [`${kind}.${key}`, operation.display] as const,
  ),
);

/** The app's own name: Zapier shows it beside every description already. */
const APP_NAME = /snapshots/i;
/** Zapier's editor cuts longer descriptions; its guidelines ask for one short sentence. */
const DESCRIPTION_MAX_LENGTH = 120;
const PLURAL_VERBS = ['Creates', 'Updates', 'Links', 'Finds', 'Lists', 'Removes'];
/** Sentence ends: a full stop, question or exclamation mark followed by a space or the end. */
const sentenceCount = (text: string) => (text.match(/[.!?](\s|$)/g) ?? []).length;

describe('descriptions of every operation', () => {
  it('cover triggers, actions, searches and find-or-create alike', () => {
    expect(describedOperations.map(([key]) => key.split('.')[0])).toEqual(
      expect.arrayContaining(['triggers', 'creates', 'searches', 'searchOrCreates']),
    );
  });

  it.each(describedOperations)(
    '%s: one sentence of at most 120 characters, not naming the app',
    (_key, display) => {
      expect(display.description.length).toBeLessThanOrEqual(DESCRIPTION_MAX_LENGTH);
      expect(sentenceCount(display.description)).toBe(1);
      expect(display.description.endsWith('.')).toBe(true);
      expect(display.description).not.toMatch(APP_NAME);
    },
  );

  it.each(describedOperations)('%s: starts "Triggers when …" or a plural verb', (key, display) => {
    const firstWord = display.description.split(' ')[0] ?? '';
    if (key.startsWith('triggers.') && !display.hidden) {
      expect(display.description.startsWith('Triggers when ')).toBe(true);
    } else {
      expect(PLURAL_VERBS).toContain(firstWord);
    }
  });
});
