/**
 * The recipe tables, rendered from the recipe data (`recipes.ts`), so the docs cannot drift from
 * what `npm start` and the flow tests run. Each of our fields is named as Zapier's editor labels it
 * (read from the app definition), with its key in brackets. The output is already in Prettier's
 * table layout (padded columns), so `npm run lint` leaves it as it is.
 */
import { app } from '../../src/app';
import {
  CLIO_REQUESTS_PER_MINUTE,
  pacingAdvice,
  type Condition,
  type MappedFrom,
  type Recipe,
  type RecipeStep,
} from './recipes';

const code = (text: string) => `\`${text}\``;

type Field = { key: string; label?: string };
type Operation = { operation: { outputFields?: unknown[]; inputFields?: unknown[] } };

/** The static fields of a definition list (dynamic ones, functions, are the account's custom fields). */
const staticFields = (fields: unknown[] = []): Field[] =>
  fields.filter((field): field is Field => typeof field === 'object' && field !== null);

/** "Clio Street (Address Lines) (`street`)": the label of the key in `fields`, or the key alone. */
function labelled(fields: Field[], key: string): string {
  const label = fields.find((field) => field.key === key)?.label;
  return label ? `${label} (${code(key)})` : code(key);
}

/** Our trigger's output fields (none when the trigger is Clio's: the recipe carries its labels). */
function triggerOutputs(recipe: Recipe): Field[] {
  if (recipe.trigger.app !== 'Snapshots') return [];
  const triggers = app.triggers as Record<string, Operation>;
  return staticFields(triggers[recipe.trigger.names[0] ?? '']?.operation.outputFields);
}

function actionInputs(key: string): Field[] {
  const creates = app.creates as Record<string, Operation>;
  return staticFields(creates[key]?.operation.inputFields);
}

function conditionText(rule: Condition, outputs: Field[]): string {
  const field = labelled(outputs, rule.field);
  if ('equals' in rule) return `${field} is ${code(rule.equals)}`;
  return `${field} is ${rule.is}`;
}

function fromText(from: MappedFrom, outputs: Field[], clioLabel?: string): string {
  if ('fixed' in from) return `${String(from.fixed)} (picked in the step)`;
  if ('step' in from) return `${from.step}: ${from.field.toUpperCase()}`;
  return clioLabel ? `${clioLabel} (${code(from.output)})` : labelled(outputs, from.output);
}

function stepText(step: RecipeStep): string {
  return step.app === 'Clio' ? `Clio: ${step.name}` : `Snapshots: ${step.name} (${code(step.key)})`;
}

function rowsOf(recipe: Recipe): string[][] {
  const outputs = triggerOutputs(recipe);
  return recipe.paths.flatMap((path) => {
    const when =
      path.when.length > 0
        ? path.when.map((rule) => conditionText(rule, outputs)).join(' and ')
        : 'every run';
    return path.steps.flatMap((step) =>
      step.app === 'Clio'
        ? step.mapping.map((row) => [
            when,
            stepText(step),
            row.field,
            fromText(row.from, outputs),
            row.api === ':id' ? 'the record to update (URL)' : code(row.api),
          ])
        : step.mapping.map((row) => [
            when,
            stepText(step),
            labelled(actionInputs(step.key), row.input),
            fromText(row.from, outputs, recipe.trigger.app === 'Clio' ? row.label : undefined),
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
 * docs/zaps.md's pacing table: each Zap that writes to Clio and its recommended cap, then what they
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
