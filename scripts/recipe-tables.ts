/**
 * `npm run recipe-tables`: rewrites the README's recipe tables from the recipe data
 * (dev/zaps/recipes.ts), between `<!-- recipe-table:<flow> -->` and `<!-- /recipe-table:<flow> -->`,
 * and the pacing table (each Zap's recommended Max Runs per Minute) in `<!-- pacing-table -->`.
 * test/unit/dev/zaps/readme-recipe-tables.test.ts fails while they differ.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderPacingTable, renderRecipeTable } from '../dev/zaps/recipe-table';
import { RECIPES } from '../dev/zaps/recipes';

const readmePath = join(__dirname, '..', '..', 'README.md');
let readme = readFileSync(readmePath, 'utf8');
for (const recipe of RECIPES) {
  const start = `<!-- recipe-table:${recipe.flow} -->`;
  const end = `<!-- /recipe-table:${recipe.flow} -->`;
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no ${start} … ${end} block.`);
  readme = `${readme.slice(0, from + start.length)}\n\n${renderRecipeTable(recipe)}\n\n${readme.slice(to)}`;
}
// The recommended "Max Runs per Minute" of each Zap that writes to Clio.
const pacingStart = '<!-- pacing-table -->';
const pacingEnd = '<!-- /pacing-table -->';
const pacingFrom = readme.indexOf(pacingStart);
const pacingTo = readme.indexOf(pacingEnd);
if (pacingFrom < 0 || pacingTo < pacingFrom) {
  throw new Error(`README.md has no ${pacingStart} … ${pacingEnd} block.`);
}
readme = `${readme.slice(0, pacingFrom + pacingStart.length)}\n\n${renderPacingTable()}\n\n${readme.slice(pacingTo)}`;
writeFileSync(readmePath, readme);
console.log(`rewrote ${RECIPES.length} recipe tables in ${readmePath}`);
