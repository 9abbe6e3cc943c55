/**
 * What Clio's Zapier app does when a Zap runs one of its action steps: it sends Clio's API the
 * request the recipe's mapping builds (`clioRequest`). An update step reads the record first, so
 * that the items of its lists and its custom field values keep their ids (Clio would otherwise
 * add a second address, or refuse a second value for a custom field): two Clio API calls.
 * This is our model of Clio's app, written from Clio's API documentation, not Clio's code.
 */
import { type ClioFirm, type ClioStep, type StepResults, clioRequest } from './recipes';
import type { ClioRecord } from './records';

export interface ClioConnection extends ClioFirm {
  /** Clio's origin (the stand-in's `url`). */
  url: string;
  token: string;
}

export interface ClioCall {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  body?: unknown;
  status: number;
  response: unknown;
}

export interface ClioStepRun {
  /** The record Clio answered with (`data`): the step's output in the Zap. */
  result: ClioRecord;
  calls: ClioCall[];
}

async function call(
  clio: ClioConnection,
  method: ClioCall['method'],
  path: string,
  body?: unknown,
): Promise<ClioCall> {
  const response = await fetch(`${clio.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${clio.token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { method, path, body, status: response.status, response: await response.json() };
}

function dataOf(step: ClioStep, answer: ClioCall): ClioRecord {
  const body = answer.response as { data?: ClioRecord; error?: { message?: string } };
  if (answer.status >= 300 || !body.data) {
    throw new Error(
      `Clio refused "${step.name}" (${answer.method} ${answer.path}, HTTP ${answer.status}): ` +
        (body.error?.message ?? JSON.stringify(body)),
    );
  }
  return body.data;
}

export async function performClioStep(
  clio: ClioConnection,
  step: ClioStep,
  output: Record<string, unknown>,
  results: StepResults = {},
): Promise<ClioStepRun> {
  const calls: ClioCall[] = [];
  let existing: ClioRecord | undefined;
  if (step.method === 'PATCH') {
    const read = await call(clio, 'GET', clioRequest(step, output, clio, results).path);
    calls.push(read);
    existing = dataOf(step, read);
  }
  const request = clioRequest(step, output, clio, results, existing);
  const written = await call(clio, request.method, request.path, request.body);
  calls.push(written);
  return { result: dataOf(step, written), calls };
}
