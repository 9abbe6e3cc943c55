/** docs/zaps.md's recipe tables come from the recipe data, already in Prettier's layout. */
import type * as Prettier from 'prettier';
import { renderRecipeTable } from '../../../../dev/zaps/recipe-table';
import { type ClioStep, type Recipe, RECIPES, recipe } from '../../../../dev/zaps/recipes';
import { importEsm } from '../../../support/esm';

/** A table's rows as trimmed cells, without the header and the delimiter row. */
const cellsOf = (table: string) =>
  table
    .split('\n')
    .slice(2)
    .map((line) =>
      line
        .slice(2, -2)
        .split(/ (?<!\\)\| /)
        .map((cell) => cell.trim()),
    );

const mappingRows = (r: Recipe) =>
  r.paths.reduce(
    (sum, path) => sum + path.steps.reduce((n, step) => n + step.mapping.length, 0),
    0,
  );

describe('renderRecipeTable', () => {
  it('lists flow 1 path by path: the condition, the Clio step, its field, our output field (as the editor labels it, the key in brackets), Clio’s API field', () => {
    const rows = cellsOf(renderRecipeTable(recipe('1')));
    expect(rows[0]).toEqual([
      'Clio Contact ID (`clio_contact_id`) is empty',
      'Clio: Create Company Contact',
      'Name',
      'Name (`name`)',
      '`name`',
    ]);
    expect(rows).toContainEqual([
      '',
      '',
      'Street',
      'Clio Street (Address Lines) (`street`)',
      '`addresses[].street`',
    ]);
    expect(rows).toContainEqual([
      '',
      '',
      'Address Type',
      'Work (picked in the step)',
      '`addresses[].name`',
    ]);
    expect(rows).toContainEqual([
      '',
      'Snapshots: Link Location to Clio Contact (`link_location_to_clio_contact`)',
      'Location (`location_id`)',
      'Location ID (`location_id`)',
      'action input',
    ]);
    expect(rows).toContainEqual([
      '',
      '',
      'Clio Contact ID (`clio_contact_id`)',
      'Create Company Contact: ID',
      'action input',
    ]);
    expect(rows).toContainEqual([
      'Clio Contact ID (`clio_contact_id`) is set',
      'Clio: Update Company Contact',
      'Contact',
      'Clio Contact ID (`clio_contact_id`)',
      'the record to update (URL)',
    ]);
  });

  it('names the Clio trigger’s fields by their labels in flow 2a', () => {
    const rows = cellsOf(renderRecipeTable(recipe('2a')));
    expect(rows[0]?.slice(0, 2)).toEqual([
      'every run',
      'Snapshots: Create or Update Matter from Clio Matter (`upsert_matter_from_clio`)',
    ]);
    expect(rows).toContainEqual([
      '',
      '',
      'Location (Clio Contact ID) (`location_clio_contact_id`)',
      'Client ID (`client.id`)',
      'action input',
    ]);
  });

  it('joins the rules of a path', () => {
    expect(cellsOf(renderRecipeTable(recipe('3')))[0]?.[0]).toBe(
      'Clio Record (clio_note, clio_communication, clio_time_entry, or none) (`clio_record`) is `clio_note` and Clio Note ID (`clio_note_id`) is empty',
    );
  });

  it('escapes a pipe inside a cell, so the row keeps its five cells', () => {
    const base = recipe('2b');
    const [create] = base.paths[0]!.steps as [ClioStep];
    const piped: Recipe = {
      ...base,
      paths: [
        {
          when: [],
          steps: [
            { ...create, mapping: [{ ...create.mapping[0]!, from: { fixed: 'Work|Home' } }] },
          ],
        },
      ],
    };
    expect(cellsOf(renderRecipeTable(piped))).toEqual([
      [
        'every run',
        'Clio: Create Matter',
        'Client',
        'Work\\|Home (picked in the step)',
        '`client.id`',
      ],
    ]);
  });

  it.each(RECIPES.map((r) => [r.flow, r] as const))(
    'flow %s: one line per mapped field, and Prettier leaves it as it is',
    async (_flow, r) => {
      const table = renderRecipeTable(r);
      expect(cellsOf(table)).toHaveLength(mappingRows(r));
      expect(cellsOf(table).every((cells) => cells.length === 5)).toBe(true);
      // Loaded natively: Prettier's CommonJS build imports its parsers dynamically.
      const { default: prettier } = await importEsm<{ default: typeof Prettier }>('prettier');
      const formatted = await prettier.format(table, {
        parser: 'markdown',
        singleQuote: true,
        printWidth: 100,
      });
      expect(formatted).toBe(`${table}\n`);
    },
  );
});
