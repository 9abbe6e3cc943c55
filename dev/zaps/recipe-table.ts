/**
 * The README's recipe tables, rendered from the recipe data (`recipes.ts`), so the README cannot
 * drift from what `npm start` and the flow tests run. The output is already in Prettier's table
 * layout (padded columns), so `npm run lint` leaves it as it is.
 */
import {
  CLIO_REQUESTS_PER_MINUTE,
  pacingAdvice,
  type Condition,
  type MappedFrom,
  type Recipe,
  type RecipeStep,
} from './recipes';

const code = (text: string) => `\`${text}\``;

function conditionText(rule: Condition): string {
  if ('equals' in rule) return `${code(rule.field)} is ${code(rule.equals)}`;
  return `${code(rule.field)} is ${rule.is}`;
}

function fromText(from: MappedFrom, label?: string): string {
  if ('fixed' in from) return `${String(from.fixed)} (picked in the step)`;
  if ('step' in from) return `${from.step}: ${from.field.toUpperCase()}`;
  return label ? `${label} (${code(from.output)})` : code(from.output);
}

function stepText(step: RecipeStep): string {
  return step.app === 'Clio' ? `Clio: ${step.name}` : `Snapshots: ${step.name} (${code(step.key)})`;
}

function rowsOf(recipe: Recipe): string[][] {
  return recipe.paths.flatMap((path) => {
    const when = path.when.length > 0 ? path.when.map(conditionText).join(' and ') : 'every run';
    return path.steps.flatMap((step) =>
      step.app === 'Clio'
        ? step.mapping.map((row) => [
            when,
            stepText(step),
            row.field,
            fromText(row.from),
            row.api === ':id' ? 'the record to update (URL)' : code(row.api),
          ])
        : step.mapping.map((row) => [
            when,
            stepText(step),
            code(row.input),
            fromText(row.from, recipe.trigger.app === 'Clio' ? row.label : undefined),
            'action input',
          ]),
    );
  });
}

const HEADER = ['When', 'Step', 'Field', 'Mapped from', 'Sent as'];

/**
 * The markdown table of one flow: every path, step and mapped field, in Prettier's layout. A
 * path's rule and a step's name are written on their first row only.
 */
export function renderRecipeTable(recipe: Recipe): string {
  const full = rowsOf(recipe);
  const shown = full.map((cells, index) => {
    const previous = full[index - 1];
    const samePath = previous?.[0] === cells[0];
    const sameStep = samePath && previous?.[1] === cells[1];
    return [samePath ? '' : cells[0]!, sameStep ? '' : cells[1]!, ...cells.slice(2)];
  });
  return renderTable(HEADER, shown);
}

const PACING_HEADER = [
  'Flow',
  'Trigger',
  'Clio calls per run',
  'Max Runs per Minute',
  'Arithmetic (rounded down)',
];

/**
 * The README's pacing table: each Zap that writes to Clio and its recommended cap, then what they
 * cost Clio together at full speed.
 */
export function renderPacingTable(): string {
  const advice = pacingAdvice();
  const table = renderTable(
    PACING_HEADER,
    advice.map((zap) => [
      `${zap.recipe.flow}. ${zap.recipe.title}`,
      zap.recipe.trigger.names.map(code).join(', '),
      String(zap.clioCallsPerRun),
      String(zap.maxRunsPerMinute),
      zap.why,
    ]),
  );
  const terms = advice.map((zap) => `${zap.maxRunsPerMinute} × ${zap.clioCallsPerRun}`);
  const total = advice.reduce((sum, zap) => sum + zap.maxRunsPerMinute * zap.clioCallsPerRun, 0);
  return (
    `${table}\n\nAt full speed together: ${terms.join(' + ')} = ${total} Clio calls a minute, ` +
    `under Clio's ${CLIO_REQUESTS_PER_MINUTE}.`
  );
}

/** A markdown table in Prettier's layout (padded columns). */
function renderTable(header: string[], body: string[][]): string {
  const rows = [header, ...body].map((cells) => cells.map((cell) => cell.replaceAll('|', '\\|')));
  const widths = header.map((_, column) =>
    Math.max(3, ...rows.map((cells) => (cells[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  const [head, ...rest] = rows as [string[], ...string[][]];
  return [line(head), line(widths.map((width) => '-'.repeat(width))), ...rest.map(line)].join('\n');
}
