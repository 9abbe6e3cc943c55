/**
 * A write Snapshots refused with a 422 about the body, told in the user's terms: each problem
 * names the input it came from by its label, not the API's path, and an input naming another
 * object by a Clio ID that no Snapshots record is linked to (its `refersTo`) says what to do.
 */
import { rejectedFieldErrors } from '../http/errors';
import { invalidInputError, type InputProblem } from './inputs';
import type { WriteTarget } from './record-input';
import { fieldForPath } from './write-fields';

export async function savedNamingInputs<T>(
  { object, fields }: WriteTarget,
  inputData: Record<string, unknown>,
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const rejected = rejectedFieldErrors(error, 422);
    // Only errors about the body (not, say, the Idempotency-Key header) are the inputs' fault.
    const isInput = (path: string) =>
      path.startsWith('custom_fields.') || fieldForPath(fields, path) !== undefined;
    if (rejected.length === 0 || !rejected.every(({ field }) => isInput(field))) throw error;
    const problems = rejected.map(({ field: path, message }): InputProblem => {
      const field = fieldForPath(fields, path);
      const label = field?.label ?? path.replace(/^custom_fields\./, '');
      const value = field ? inputData[field.key] : undefined;
      const linked = field?.path === path ? field.refersTo : undefined;
      return linked
        ? {
            label,
            message: `matches no Snapshots ${linked.object} linked to that Clio ID: link one first, or use ${linked.findOrCreate}`,
            value,
          }
        : { label, message, value };
    });
    throw invalidInputError(problems, {
      lead: `Snapshots did not save the ${object}`,
      tail: 'Nothing was changed.',
    });
  }
}
