/**
 * What Clio's Zapier app does when a Zap runs one of its action steps: it sends Clio's API the
 * request the recipe's mapping builds (`clioRequest`). An update step reads the record first, so
 * that the items of its lists and its custom field values keep their ids (Clio would otherwise
 * add a second address, or refuse a second value for a custom field): two Clio API calls.
 * This is our model of Clio's app, written from Clio's API documentation, not Clio's code.
 */
import { type ClioFirm, type ClioStep, type StepResults, clioRequest } from './recipes';
import type { ClioRecord } from '../../sandbox/clio/records';
import type { ClioCollection } from '../../sandbox/clio/schemas';

const CUSTOM_FIELD_VALUES = 'custom_field_values{id,field_name,value,custom_field}';
/** The fields the action asks Clio for (Clio answers only `id` and `etag` otherwise): its output. */
const OUTPUT_FIELDS: Record<ClioCollection, string> = {
  contacts: `id,etag,type,name,addresses{id,name,street,city,province,postal_code,country},email_addresses{id,name,address},phone_numbers{id,name,number},${CUSTOM_FIELD_VALUES},created_at,updated_at`,
  matters: `id,etag,display_number,description,status,client{id,name},open_date,${CUSTOM_FIELD_VALUES},created_at,updated_at`,
  activities: 'id,etag,type,date,quantity,note,matter,created_at,updated_at',
  notes: 'id,etag,type,subject,detail,date,matter,contact,created_at,updated_at',
  communications: 'id,etag,type,subject,body,date,matter,senders,receivers,created_at,updated_at',
};
/** What an update reads first: the ids of the list items and custom field values it changes. */
const READ_BEFORE_UPDATE =
  'id,etag,addresses{id,name},email_addresses{id,name},phone_numbers{id,name},custom_field_values{id,custom_field}';

export interface ClioConnection extends ClioFirm {
  /** Clio's origin (the stand-in's `url`). */
  url: string;
  token: string;
}

export interface ClioCall {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  /** The `fields` query parameter sent. */
  fields: string;
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
  fields: string,
  body?: unknown,
): Promise<ClioCall> {
  const response = await fetch(`${clio.url}${path}?fields=${encodeURIComponent(fields)}`, {
    method,
    headers: {
      authorization: `Bearer ${clio.token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { method, path, fields, body, status: response.status, response: await response.json() };
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
    const { path } = clioRequest(step, output, clio, results);
    const read = await call(clio, 'GET', path, READ_BEFORE_UPDATE);
    calls.push(read);
    existing = dataOf(step, read);
  }
  const request = clioRequest(step, output, clio, results, existing);
  const fields = OUTPUT_FIELDS[step.collection];
  const written = await call(clio, request.method, request.path, fields, request.body);
  calls.push(written);
  return { result: dataOf(step, written), calls };
}
