/**
 * The Clio record a Snapshots record is linked to (`external_refs[system]`), as the upsert, link
 * and find operations read it from their inputs.
 */
import type { InputProblem } from '../fields/inputs';
import { readOne } from '../fields/record-input';
import type { WriteField } from '../fields/write-fields';

/** A Clio reference input: the Clio id, and, where Clio numbers several kinds apart, which kind. */
export interface ClioRefInputs {
  id: WriteField;
  /** Absent: the system is `clio`. */
  system?: WriteField;
}

export interface ClioRef {
  system: string;
  id: string;
}

/** The Clio reference from the input; problems are collected, not thrown. */
export function readClioRef(
  clio: ClioRefInputs,
  inputData: Record<string, unknown>,
  problems: InputProblem[],
  { required }: { required: boolean },
): ClioRef | undefined {
  const id = readOne(clio.id, inputData, problems, { required });
  const system = clio.system
    ? readOne(clio.system, inputData, problems, { required: required || id !== undefined })
    : 'clio';
  return typeof id === 'string' && typeof system === 'string' ? { system, id } : undefined;
}
