/**
 * `npm run docs` (or `npm run recipe-tables`): rewrites docs/zaps.md's recipe tables from the recipe data
 * (dev/zaps/recipes.ts), between `<!-- recipe-table:<flow> -->` and `<!-- /recipe-table:<flow> -->`,
 * and the pacing table (each Zap's recommended Max Runs per Minute) in `<!-- pacing-table -->`.
 * test/unit/dev/zaps/zaps-recipe-tables.test.ts fails while they differ.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderPacingTable, renderRecipeTable } from '../dev/zaps/recipe-table';
import { RECIPES } from '../dev/zaps/recipes';

const zapsPath = join(__dirname, '..', '..', 'docs', 'zaps.md');
let zaps = readFileSync(zapsPath, 'utf8');
for (const recipe of RECIPES) {
  const start = `<!-- recipe-table:${recipe.flow} -->`;
  const end = `<!-- /recipe-table:${recipe.flow} -->`;
  const from = zaps.indexOf(start);
  const to = zaps.indexOf(end);
  if (from < 0 || to < from) throw new Error(`docs/zaps.md has no ${start} … ${end} block.`);
  zaps = `${zaps.slice(0, from + start.length)}\n\n${renderRecipeTable(recipe)}\n\n${zaps.slice(to)}`;
}
// The recommended "Max Runs per Minute" of each Zap that writes to Clio.
const pacingStart = '<!-- pacing-table -->';
const pacingEnd = '<!-- /pacing-table -->';
const pacingFrom = zaps.indexOf(pacingStart);
const pacingTo = zaps.indexOf(pacingEnd);
if (pacingFrom < 0 || pacingTo < pacingFrom) {
  throw new Error(`docs/zaps.md has no ${pacingStart} … ${pacingEnd} block.`);
}
zaps = `${zaps.slice(0, pacingFrom + pacingStart.length)}\n\n${renderPacingTable()}\n\n${zaps.slice(pacingTo)}`;
writeFileSync(zapsPath, zaps);
console.log(`rewrote ${RECIPES.length} recipe tables in ${zapsPath}`);
