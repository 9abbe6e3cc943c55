/**
 * docs/zaps.md's recipe tables are the recipe data, rendered (`renderRecipeTable`): a table edited
 * by hand, or recipe data changed without `npm run docs`, fails here. Each table sits between
 * `<!-- recipe-table:<flow> -->` and `<!-- /recipe-table:<flow> -->`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { renderPacingTable, renderRecipeTable } from '../../../../dev/zaps/recipe-table';
import { RECIPES } from '../../../../dev/zaps/recipes';

const ZAPS = readFileSync(path.resolve(__dirname, '../../../../docs/zaps.md'), 'utf8');

function tableOf(flow: string): string | undefined {
  const start = `<!-- recipe-table:${flow} -->`;
  const from = ZAPS.indexOf(start);
  const to = ZAPS.indexOf(`<!-- /recipe-table:${flow} -->`);
  // Prettier keeps a blank line on each side of a table.
  return from < 0 || to < from ? undefined : ZAPS.slice(from + start.length, to).trim();
}

it.each(RECIPES.map((r) => [r.flow, r] as const))(
  'flow %s: the docs/zaps.md table is the recipe data, rendered',
  (flow, recipe) => {
    expect(tableOf(flow)).toBe(renderRecipeTable(recipe));
  },
);

it('has no recipe table for a flow the data does not have', () => {
  const flows = [...ZAPS.matchAll(/<!-- recipe-table:(\w+) -->/g)].map((match) => match[1]);
  expect(flows).toEqual(RECIPES.map((r) => r.flow));
});

it('names every step of every recipe in docs/zaps.md, by its name in its app', () => {
  for (const recipe of RECIPES) {
    for (const step of recipe.paths.flatMap((p) => p.steps)) {
      const named = ZAPS.replace(/\s+/g, ' ').includes(`**${step.name}**`);
      expect([step.name, named]).toEqual([step.name, true]);
    }
  }
});

it("the pacing table is the recipes' recommended Max Runs per Minute, rendered", () => {
  const start = '<!-- pacing-table -->';
  const from = ZAPS.indexOf(start);
  const to = ZAPS.indexOf('<!-- /pacing-table -->');
  expect(from).toBeGreaterThan(0);
  expect(ZAPS.slice(from + start.length, to).trim()).toBe(renderPacingTable());
});
