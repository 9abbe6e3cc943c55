/**
 * The Clio stand-in: a small, in-memory imitation of the few Clio Manage API v4 endpoints the Zap
 * recipes use, over loopback HTTP. It stands in for Clio in the demo (`npm start`) and the tests;
 * it is not Clio (README.md in this folder).
 *
 *     const clio = await startClioStandIn({ port: 0 });
 *     // POST `${clio.url}/api/v4/contacts.json` with `Authorization: Bearer ${clio.token}`
 *     clio.requests; // every request received, in order, with the answer
 *     await clio.close();
 */
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import {
  CLIO_CUSTOM_FIELDS,
  CLIO_USER,
  type ClioCustomField,
  ClioNotFoundError,
  type ClioRecord,
  ClioStore,
  ClioValidationError,
} from './records';
import { ClioFieldsError, checkFields, selectFields } from './fields';
import { CLIO_COLLECTIONS, type ClioCollection } from './schemas';
import { type ClioConformance, defaultClioConformance } from './conformance';
import type { ClioFieldError } from './records';

export { CLIO_COLLECTIONS, CLIO_CUSTOM_FIELDS, CLIO_USER };
export type { ClioCollection, ClioCustomField, ClioRecord };

export const DEFAULT_CLIO_TOKEN = 'clio-stand-in-token';

export interface ClioStandInOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** `demo` (the default) holds the contact and matter the sandbox's demo data links to. */
  seed?: 'demo' | 'empty';
  /** The bearer token it accepts. */
  token?: string;
  /**
   * Checks every exchange against Clio's document (default: `conformance.ts`, on everywhere, so
   * the tests and `npm start` run it). A violation is answered 500 `ConformanceError` naming it,
   * and kept in `violations`: a stand-in that drifts from Clio fails loudly.
   */
  conformance?: ClioConformance;
}

export interface ClioRequestLogEntry {
  method: string;
  /** Path and query, e.g. `/api/v4/contacts/1001.json`. */
  url: string;
  /** The parsed JSON body, when there was one. */
  body: unknown;
  status: number;
  /** The JSON answer. */
  response: unknown;
  /** A 422's problems, field by field (Clio's answer holds them only in its message). */
  fieldErrors?: ClioFieldError[];
}

export interface ClioStandIn {
  /** The origin, e.g. `http://127.0.0.1:53211`. */
  url: string;
  token: string;
  /** Every request received, in order. */
  requests: ClioRequestLogEntry[];
  /** The stored records, by collection and id (as stored: matter statuses in lowercase). */
  records: Record<ClioCollection, Map<number, ClioRecord>>;
  /** The firm's custom fields (contacts: "Snapshots ID", "Last Seen"). */
  customFields: readonly ClioCustomField[];
  /** Every departure from Clio's document seen (each was answered 500). */
  violations: string[];
  close(): Promise<void>;
}

/** Clio's error body: `{ error: { type, message } }` (the document's `Error`). */
const clioError = (type: string, message: string) => ({ error: { type, message } });

export async function startClioStandIn(options: ClioStandInOptions = {}): Promise<ClioStandIn> {
  const token = options.token ?? DEFAULT_CLIO_TOKEN;
  const store = new ClioStore(options.seed ?? 'demo');
  const requests: ClioRequestLogEntry[] = [];
  const app = Fastify({ logger: false, forceCloseConnections: true });

  const violations: string[] = [];
  const conformance = options.conformance ?? defaultClioConformance;
  const fieldErrors = new WeakMap<FastifyRequest, ClioFieldError[]>();
  app.addHook('onSend', (request, reply, payload, done) => {
    let response = typeof payload === 'string' ? (JSON.parse(payload) as unknown) : payload;
    const problems = conformance({
      method: request.method,
      path: request.url.split('?')[0] ?? request.url,
      status: reply.statusCode,
      requestBody: request.body,
      responseBody: response,
    });
    let sent = payload;
    if (problems.length > 0) {
      violations.push(...problems);
      response = clioError(
        'ConformanceError',
        `The Clio stand-in departed from Clio's OpenAPI document:\n${problems.join('\n')}`,
      );
      void reply.code(500);
      sent = JSON.stringify(response);
    }
    requests.push({
      method: request.method,
      url: request.url,
      body: request.body,
      status: reply.statusCode,
      response,
      ...(fieldErrors.has(request) ? { fieldErrors: fieldErrors.get(request) } : {}),
    });
    done(null, sent);
  });
  app.addHook('onRequest', (request, reply, done) => {
    if (request.headers.authorization !== `Bearer ${token}`) {
      void reply
        .code(401)
        .send(
          clioError('Unauthorized', 'A valid bearer token is required (Authorization: Bearer …).'),
        );
      return;
    }
    done();
  });
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ClioValidationError) {
      fieldErrors.set(request, error.errors);
      return reply.code(422).send(clioError('ValidationError', error.message));
    }
    if (error instanceof ClioFieldsError) {
      return reply.code(400).send(clioError('BadRequest', error.message));
    }
    if (error instanceof ClioNotFoundError) {
      return reply.code(404).send(clioError('RecordNotFound', error.message));
    }
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    return reply.code(status).send(clioError('BadRequest', (error as Error).message));
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send(clioError('NotFound', `The stand-in has no ${request.method} ${request.url}.`)),
  );

  app.addHook('preHandler', (request, _reply, done) => {
    const collection = /^\/api\/v4\/([a-z_]+)[./]/.exec(request.url)?.[1] as ClioCollection;
    try {
      if (CLIO_COLLECTIONS.includes(collection)) {
        checkFields(collection, (request.query as { fields?: string }).fields);
      }
      done();
    } catch (error) {
      done(error as Error);
    }
  });
  const idOf = (request: FastifyRequest): number => {
    const { id } = request.params as { id: string };
    if (!/^[1-9]\d*$/.test(id)) throw new ClioNotFoundError(`"${id}" is not a Clio id.`);
    return Number(id);
  };
  for (const collection of CLIO_COLLECTIONS) {
    /** Only the fields `?fields=` names (`id` and `etag` without it), as Clio answers. */
    const answer = (
      request: FastifyRequest,
      reply: FastifyReply,
      status: number,
      record: ClioRecord,
    ) => {
      const { fields } = request.query as { fields?: string };
      const data = selectFields(collection, store.render(collection, record), fields);
      return reply.code(status).send({ data });
    };
    app.post(`/api/v4/${collection}.json`, (request, reply) =>
      answer(request, reply, 201, store.create(collection, request.body)),
    );
    app.patch(`/api/v4/${collection}/:id.json`, (request, reply) =>
      answer(request, reply, 200, store.update(collection, idOf(request), request.body)),
    );
    app.get(`/api/v4/${collection}/:id.json`, (request, reply) =>
      answer(request, reply, 200, store.get(collection, idOf(request))),
    );
  }
  app.get('/api/v4/custom_fields.json', () => ({ data: store.customFields }));

  await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    requests,
    records: store.records,
    customFields: store.customFields,
    violations,
    close: () => app.close(),
  };
}
