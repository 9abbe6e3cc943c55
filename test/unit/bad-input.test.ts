/**
 * Bad input, over every input of every action, search (find-or-create included: it is a search
 * and a create) and visible trigger, read from the app definition itself: static inputs and the
 * dynamic ones (custom fields of every type, served by nock). Each input gets the cases of its
 * kind (test/support/bad-input-cases.ts): a refused value must stop with a HaltedError naming the input
 * by its label and saying how to fix it, with no request; an accepted value must reach Snapshots
 * exactly (or normalised as documented). Prints how many cases it tried.
 */
import nock from 'nock';
import { errors, type PlainInputField } from 'zapier-platform-core';
import { app } from '../../src/app';
import {
  COMPANIONS,
  CUSTOM_FIELD_DEFINITIONS,
  ID_PREFIX_BY_DROPDOWN,
  type InputCase,
  casesFor,
  kindOf,
  smokeOf,
  validSample,
} from '../support/bad-input-cases';
import { activity, location, matter } from '../support/fixtures';
import { API_ORIGIN, appTester, authData, useFakeSnapshots } from '../support/zapier';

type Perform = Parameters<typeof appTester>[0];
interface Operation {
  key: string;
  display: { label: string; hidden?: boolean };
  operation: {
    type?: string;
    inputFields?: readonly unknown[];
    perform?: unknown;
    performSubscribe?: unknown;
  };
}
type Role = 'create' | 'search' | 'trigger';

/** Everything users fill in: actions, searches, and the triggers they see (their filters). */
const operations: { role: Role; operation: Operation }[] = [
  ...Object.values((app.creates ?? {}) as Record<string, Operation>).map((operation) => ({
    role: 'create' as const,
    operation,
  })),
  ...Object.values((app.searches ?? {}) as Record<string, Operation>).map((operation) => ({
    role: 'search' as const,
    operation,
  })),
  ...Object.values((app.triggers ?? {}) as Record<string, Operation>)
    .filter((operation) => operation.display.hidden !== true)
    .map((operation) => ({ role: 'trigger' as const, operation })),
];

/** A trigger's filter inputs are read when Zapier subscribes (hooks) or polls. */
const performOf = ({ operation }: Operation): Perform =>
  (operation.type === 'hook' ? operation.performSubscribe : operation.perform) as Perform;

// ---------------------------------------------------------------- the fake Snapshots

interface Sent {
  method: string;
  segments: string[];
  query: [string, string][];
  body: unknown;
  ifMatch?: string;
  idempotencyKey?: string;
}

let sentRequests: Sent[] = [];

/** What each collection answers; a trigger's subscription endpoint goes here when it lands. */
const RECORDS: Record<string, () => object> = {
  locations: () => location(),
  matters: () => matter(),
  activities: () => activity(),
  webhooks: () => ({
    id: 'whk_badinput1',
    url: 'https://hooks.zapier.com/hooks/standard/1/abc/',
    events: ['location.created'],
    secret: 'whsec_YmFkLWlucHV0LXNlY3JldA==',
    created_at: '2026-11-27T10:15:00.000Z',
  }),
};

function serveSnapshots(): void {
  nock(API_ORIGIN)
    .persist()
    .get('/v1/custom-fields')
    .query(true)
    .reply(200, { data: CUSTOM_FIELD_DEFINITIONS });
  for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
    nock(API_ORIGIN)
      .persist()
      .intercept((path) => !path.startsWith('/v1/custom-fields'), method)
      .reply(function (uri, body) {
        const url = new URL(uri, API_ORIGIN);
        const header = (name: string) => {
          const value = this.req.headers[name];
          return Array.isArray(value) ? value.join(',') : value;
        };
        sentRequests.push({
          method,
          segments: url.pathname.split('/').filter(Boolean).map(decodeURIComponent),
          query: [...url.searchParams.entries()],
          body: typeof body === 'string' && body !== '' ? JSON.parse(body) : body || undefined,
          ifMatch: header('if-match'),
          idempotencyKey: header('idempotency-key'),
        });
        const [, collection = '', id] = url.pathname.split('/').filter(Boolean);
        const record = RECORDS[collection];
        if (!record) return [404, { detail: `no fake for ${url.pathname}` }];
        if (method === 'GET' && id === undefined) return [200, { data: [], next_cursor: null }];
        return [method === 'POST' ? 201 : 200, record()];
      });
  }
}

// ---------------------------------------------------------------- running one case

async function resolveInputs(operation: Operation): Promise<PlainInputField[]> {
  const resolved: PlainInputField[] = [];
  for (const field of operation.operation.inputFields ?? []) {
    if (typeof field === 'function') {
      resolved.push(
        ...((await appTester(field as Perform, { authData }, true)) as PlainInputField[]),
      );
    } else resolved.push(field as PlainInputField);
  }
  return resolved;
}

type Result = { error: unknown; requests: Sent[] };

async function run(operation: Operation, inputData: Record<string, unknown>): Promise<Result> {
  sentRequests = [];
  let error: unknown;
  try {
    await appTester(
      performOf(operation),
      { authData, inputData, targetUrl: 'https://hooks.zapier.com/hooks/standard/1/abc/' },
      // z.cache kept: the custom-field definitions are read once, as in Zapier.
      false,
    );
  } catch (caught) {
    error = caught;
  }
  return { error, requests: sentRequests };
}

const FIX_WORDS = /\b(must|fill|remove|pick|map|choose|check|only one|one or the other|needs)\b/i;

/** Every value the request carries where a user's input can land, as text and as JSON. */
function carried(request: Sent): { texts: string[]; values: unknown[] } {
  const values: unknown[] = [];
  const texts: string[] = [...request.segments, ...request.query.map(([, value]) => value)];
  if (request.ifMatch) texts.push(request.ifMatch.replace(/^(W\/)?"|"$/g, ''));
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null) {
      for (const [key, inner] of Object.entries(value)) {
        texts.push(key);
        walk(inner);
      }
    } else values.push(value);
  };
  walk(request.body);
  return { texts, values };
}

function carries(request: Sent, expected: unknown): boolean {
  const { texts, values } = carried(request);
  const asText = String(expected);
  return (
    values.some((value) => value === expected) ||
    [...texts, ...values.filter((value): value is string => typeof value === 'string')].some(
      (text) => text === asText || text.endsWith(`:${asText}`) || text.startsWith(`${asText}:`),
    )
  );
}

const described = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : JSON.stringify(error);

const hasNull = (value: unknown): boolean =>
  value === null ||
  (typeof value === 'object' && Object.values(value).some((inner) => hasNull(inner)));

const withoutKey = ({ idempotencyKey: _ignored, ...request }: Sent) => request;

/** What went wrong with this case, or undefined when it behaved as specified. */
function judge(
  testCase: InputCase,
  label: string,
  result: Result,
  reference: () => Promise<Result>,
): Promise<string | undefined> | string | undefined {
  const { error, requests } = result;
  const { outcome } = testCase;
  if ('refused' in outcome) {
    if (!error) return `accepted; sent ${JSON.stringify(requests.map((r) => r.body ?? r.query))}`;
    if (!(error instanceof errors.HaltedError))
      return `threw ${described(error)}, not a HaltedError`;
    if (requests.length > 0) return `refused but sent ${requests.length} request(s)`;
    const message = error.message;
    if (!message.includes(`"${label}"`)) return `error does not name "${label}": ${message}`;
    if (!FIX_WORDS.test(message)) return `error does not say how to fix it: ${message}`;
    return undefined;
  }
  if (error) return `refused: ${described(error)}`;
  if (requests.length !== 1) return `sent ${requests.length} requests, not 1`;
  const [request] = requests as [Sent];
  if ('ran' in outcome) return undefined;
  if ('sent' in outcome) {
    return carries(request, outcome.sent)
      ? undefined
      : `request does not carry ${JSON.stringify(outcome.sent)}: ${JSON.stringify(request)}`;
  }
  return reference().then(({ error: referenceError, requests: [expected] }) => {
    if (referenceError || !expected)
      return `the reference run failed: ${described(referenceError)}`;
    if ('omitted' in outcome) {
      return JSON.stringify(request) === JSON.stringify(expected)
        ? undefined
        : `blank was not left out: ${JSON.stringify(request)} vs ${JSON.stringify(expected)}`;
    }
    if ('accepted' in outcome) {
      return JSON.stringify(withoutKey(request)) === JSON.stringify(withoutKey(expected))
        ? undefined
        : `the input changed the request: ${JSON.stringify(request)}`;
    }
    if ('keyed' in outcome) {
      if (JSON.stringify(withoutKey(request)) !== JSON.stringify(withoutKey(expected))) {
        return `the key changed the request: ${JSON.stringify(request)}`;
      }
      return request.idempotencyKey && request.idempotencyKey !== expected.idempotencyKey
        ? undefined
        : 'the Idempotency-Key ignores the input';
    }
    return hasNull(request.body) && !hasNull(expected.body)
      ? undefined
      : `nothing cleared: ${JSON.stringify(request.body)}`;
  });
}

// ---------------------------------------------------------------- the suite

const tally = { cases: 0, refused: 0, passed: 0, operations: 0, inputs: 0, inFull: 0 };
/** Inputs already given the whole catalogue: same kind of value, role and blank rule. */
const triedInFull = new Set<string>();

/**
 * Core's Lambda guard (tools/memory-checker.js) exits the process after 250 runs once its RSS is
 * over 450 MB; a jest worker holds every earlier test file too, so this file's ~1,000 runs would
 * kill it. The guard protects Zapier's Lambda, not a test: it reads the RSS as zero here.
 */
function disarmCoreMemoryGuard(): void {
  let spy: jest.SpyInstance | undefined;
  beforeAll(() => {
    const real = process.memoryUsage.bind(process);
    spy = jest.spyOn(process, 'memoryUsage').mockImplementation(() => ({ ...real(), rss: 0 }));
  });
  afterAll(() => spy?.mockRestore());
}

describe('bad input, over every input of every operation', () => {
  useFakeSnapshots();
  disarmCoreMemoryGuard();
  beforeEach(serveSnapshots);

  it('covers every find-or-create through its search and its create', () => {
    const covered = new Set(operations.map(({ operation }) => operation.key));
    for (const searchOrCreate of Object.values(app.searchOrCreates ?? {})) {
      expect(covered).toContain(searchOrCreate.search);
      expect(covered).toContain(searchOrCreate.create);
    }
  });

  it.each(operations.map(({ role, operation }) => [operation.key, role, operation] as const))(
    '%s (%s)',
    async (_key, role, operation) => {
      const inputs = await resolveInputs(operation);
      const failures: string[] = [];
      const prefixOf = (field: PlainInputField) => {
        if (!field.dynamic) return undefined;
        const trigger = field.dynamic.split('.')[0] ?? '';
        const prefix = ID_PREFIX_BY_DROPDOWN[trigger];
        if (!prefix) throw new Error(`${field.key}: add ${trigger} to ID_PREFIX_BY_DROPDOWN`);
        return prefix;
      };
      const sample = (key: string) => {
        const field = inputs.find((candidate) => candidate.key === key);
        return field ? { [key]: validSample(field, prefixOf(field)) } : {};
      };
      const baseline = Object.assign(
        {},
        ...inputs.filter((field) => field.required).map((field) => sample(field.key)),
      ) as Record<string, unknown>;

      const isUpdate = operation.key.startsWith('update_');
      // Inputs that change a record or pick what a search looks for, on their own.
      const fillers = inputs.filter(
        (field) =>
          !field.required &&
          !field.list &&
          !field.dynamic &&
          !COMPANIONS[field.key] &&
          ['line', 'longText', 'choice', 'minutes', 'number'].includes(kindOf(field)),
      );
      for (const field of inputs) {
        const context = `${field.label} (${field.key}, ${kindOf(field)})`;
        const companions = Object.assign(
          {},
          ...(COMPANIONS[field.key] ?? []).map(sample),
        ) as Record<string, unknown>;
        // An update with nothing to change is refused before any request (it would be a no-op):
        // give it one change besides the input under test, so each case shows that input alone.
        // A search's modifier (Match Part of the Name) needs something to search for beside it.
        const isModifier = role === 'search' && kindOf(field) === 'modifier';
        // Fields to Clear is a change too, but not of a field it clears: that would be refused.
        const clearable = field.list ? JSON.stringify(field.choices ?? []) : '';
        const change =
          isUpdate || isModifier
            ? fillers.find(
                (filler) => filler.key !== field.key && !clearable.includes(`"${filler.key}"`),
              )
            : undefined;
        const others = { ...baseline, ...(change ? sample(change.key) : {}), ...companions };
        delete others[field.key];
        let referenceRun: Promise<Result> | undefined;
        const reference = () => (referenceRun ??= run(operation, others));
        const blankRefused = field.required === true || (role === 'search' && !isModifier);
        const all = casesFor(field, { blankRefused, idPrefix: prefixOf(field) });
        // The same kind of value read the same way: the whole catalogue once, then a smoke test.
        const { choices, list } = field;
        const fingerprint = JSON.stringify({
          role,
          blankRefused,
          kind: kindOf(field),
          choices,
          list,
        });
        const chosen = triedInFull.has(fingerprint) ? smokeOf(all) : all;
        if (chosen === all) tally.inFull += 1;
        triedInFull.add(fingerprint);
        for (const testCase of chosen) {
          const result = await run(operation, { ...others, [field.key]: testCase.value });
          const failure = await judge(testCase, field.label ?? field.key, result, reference);
          if (failure) failures.push(`${context} › ${testCase.name}: ${failure}`);
          tally.cases += 1;
          if ('refused' in testCase.outcome) tally.refused += 1;
          else tally.passed += 1;
        }
        tally.inputs += 1;
      }
      tally.operations += 1;
      expect(failures).toEqual([]);
    },
    60_000,
  );

  it('tries at least 300 cases, and says how many', () => {
    // The count is part of the proof: it shows in every test run.
    // eslint-disable-next-line no-console
    console.log(
      `bad-input: ${tally.cases} cases (${tally.refused} refused, ${tally.passed} passed unchanged) ` +
        `over ${tally.operations} operations and ${tally.inputs} inputs ` +
        `(${tally.inFull} given the whole catalogue, the rest a smoke test)`,
    );
    expect(tally.operations).toBe(operations.length);
    expect(tally.cases).toBeGreaterThanOrEqual(300);
  });
});
