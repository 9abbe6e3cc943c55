/**
 * The recipes name the app's real operations and fields: every Snapshots step is an action of the
 * app under its label, every input a recipe fills is one of that action's input fields, and every
 * trigger field a recipe maps or tests is one of the trigger's output fields and is in its sample.
 * The Clio trigger's fields are in the payloads Clio's triggers hand on (trigger-payloads.ts).
 */
import { app } from '../../../../src/app';
import { type MappedFrom, type Recipe, RECIPES, fieldOf } from '../../../../dev/zaps/recipes';
import {
  CLIO_MATTER_STATUS_UPDATED,
  CLIO_NEW_CONTACT,
  CLIO_NEW_MATTER,
} from '../../../../dev/zaps/trigger-payloads';

/** What each Clio trigger a recipe starts from hands on. */
const CLIO_PAYLOADS: Record<string, object> = {
  'New Matter': CLIO_NEW_MATTER,
  'Matter Status Updated': CLIO_MATTER_STATUS_UPDATED,
  'New Contact': CLIO_NEW_CONTACT,
};

type Field = { key: string; label?: string };
type Operation = {
  display: { label: string };
  operation: { inputFields?: unknown[]; outputFields?: unknown[]; sample?: object };
};
const creates = app.creates as unknown as Record<string, Operation>;
const triggers = app.triggers as unknown as Record<string, Operation>;
/** The static fields (a function adds custom fields at run time). */
const keysOf = (fields: unknown[] = []) =>
  fields.filter((f): f is Field => typeof f === 'object' && f !== null).map((f) => f.key);

/** Every trigger field a recipe reads: in mappings and in Paths rules. */
function triggerFieldsOf(recipe: Recipe): string[] {
  const fields = new Set<string>();
  const add = (from: MappedFrom) => 'output' in from && fields.add(from.output);
  for (const path of recipe.paths) {
    for (const rule of path.when) fields.add(rule.field);
    for (const step of path.steps) for (const row of step.mapping) add(row.from);
  }
  return [...fields];
}

describe.each(RECIPES.map((r) => [r.flow, r] as const))('flow %s', (_flow, recipe) => {
  const snapshotsSteps = recipe.paths.flatMap((path) =>
    path.steps.flatMap((step) => (step.app === 'Snapshots' ? [step] : [])),
  );

  it('names each Snapshots step by its action key and label, and fills only its input fields', () => {
    for (const step of snapshotsSteps) {
      const action = creates[step.key];
      expect([step.key, action?.display.label]).toEqual([step.key, step.name]);
      const inputs = keysOf(action?.operation.inputFields);
      for (const row of step.mapping)
        expect([step.key, row.input, inputs.includes(row.input)]).toEqual([
          step.key,
          row.input,
          true,
        ]);
    }
  });

  it('maps earlier steps of the same path only', () => {
    for (const path of recipe.paths) {
      path.steps.forEach((step, index) => {
        const earlier = path.steps.slice(0, index).map((s) => s.name);
        for (const row of step.mapping) {
          if ('step' in row.from) expect(earlier).toContain(row.from.step);
        }
      });
    }
  });

  if (recipe.trigger.app === 'Snapshots') {
    it.each(recipe.trigger.names)('reads only output fields of %s that its sample has', (name) => {
      const trigger = triggers[name];
      expect(trigger).toBeDefined();
      const declared = keysOf(trigger?.operation.outputFields);
      const sample = trigger?.operation.sample as Record<string, unknown>;
      for (const field of triggerFieldsOf(recipe)) {
        expect([field, declared.includes(field), field in sample]).toEqual([field, true, true]);
      }
    });
  } else {
    it('reads only fields the Clio trigger payloads carry', () => {
      for (const name of recipe.trigger.names) {
        const payload = CLIO_PAYLOADS[name] as Record<string, unknown>;
        expect([name, payload !== undefined]).toEqual([name, true]);
        for (const field of triggerFieldsOf(recipe)) {
          expect([field, fieldOf(payload, field) !== undefined]).toEqual([field, true]);
        }
      }
    });
  }
});
