/**
 * Request bodies: the JSON parser (strict UTF-8, bounded nesting, an empty body allowed on DELETE)
 * and the draining of a body left unread when a request is refused early, so that the client can
 * finish sending and read the answer instead of meeting a connection reset.
 */
import type { IncomingMessage } from 'node:http';
import type { FastifyBodyParser, FastifyRequest } from 'fastify';
import { type ApiProblem, badRequest, fromFrameworkError } from './problems';

/** Deeper than any contract body (a custom field is 3 levels down); deeper bodies are a 400. */
export const MAX_JSON_DEPTH = 64;
/** Past this much unread body (or this long), a refused request's connection is simply closed. */
const DRAIN_LIMIT_BYTES = 32 * 1024 * 1024;
const DRAIN_TIMEOUT_MS = 10_000;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Whether `value` nests objects or arrays more than `limit` levels deep (iteratively). */
function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [current, depth] = item;
    if (typeof current !== 'object' || current === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}

export const unsupportedMediaType = (): ApiProblem => fromFrameworkError(415, '', '');

type Done = (error: Error | null, body?: unknown) => void;

/**
 * Wraps the framework's JSON parser (which refuses `__proto__` keys): bytes that are not UTF-8
 * are a 400 (not U+FFFD), so are bodies nested deeper than MAX_JSON_DEPTH; an empty body is
 * no body on DELETE.
 */
export function jsonBodyParser(parseText: FastifyBodyParser<string>) {
  return (request: FastifyRequest, raw: Buffer, done: Done): void => {
    if (raw.length === 0 && request.method === 'DELETE') return done(null, undefined);
    let text: string;
    try {
      text = strictUtf8.decode(raw);
    } catch {
      return done(badRequest('The body is not valid UTF-8.'));
    }
    void parseText(request, text, (error, body) => {
      if (error) return done(error);
      if (nestsDeeperThan(body, MAX_JSON_DEPTH)) {
        return done(badRequest(`The body nests more than ${MAX_JSON_DEPTH} levels deep.`));
      }
      done(null, body);
    });
  };
}

/**
 * Reads and discards the rest of a body the server will not use (refused before or while it was
 * read), up to a bound, so that the answer is not lost to a reset. Resolves when it is all read.
 */
export function drainBody(raw: IncomingMessage): Promise<void> {
  if (raw.complete || raw.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let received = 0;
    const finish = () => {
      clearTimeout(timer);
      raw.off('data', count);
      raw.off('end', finish);
      raw.off('close', finish);
      resolve();
    };
    const count = (chunk: Buffer) => {
      received += chunk.length;
      if (received > DRAIN_LIMIT_BYTES) finish();
    };
    const timer = setTimeout(finish, DRAIN_TIMEOUT_MS);
    raw.on('data', count);
    raw.once('end', finish);
    raw.once('close', finish);
    raw.resume();
  });
}
