/** Who may do what: the caller's grant (set by the bearer check) and the scope rules. */
import type { FastifyRequest } from 'fastify';
import { objectOfEvent, readScope, type Registry } from '../../src/api/objects';
import { forbidden, unauthorized } from '../http/problems';
import type { AuthContext } from './tokens';

/**
 * Every scope reading an event type needs (none for `sync.error`: a valid token), its object's
 * first: an event carries its record with every link expanded (an activity's matter and
 * location, a matter's location), so, as with `expand` on a GET, it needs the read scope of each
 * linked object too. Checked when listing events and when subscribing, so no delivery hands a
 * record to a grant that may not read it.
 */
export function scopesToRead(type: string, objects: Registry): string[] {
  const object = objectOfEvent(type, objects);
  if (!object) return [];
  const embedded = object.links
    .filter((link) => link.expandAs)
    .map((link) => readScope(link.object));
  return [...new Set([readScope(object), ...embedded])];
}

/** Throws a 403 naming the first scope of `type`'s events the token lacks. */
export function requireEventScopes(auth: AuthContext, type: string, objects: Registry): void {
  for (const scope of scopesToRead(type, objects)) requireScope(auth, scope);
}

/** The caller of a `/v1` route (the bearer hook has already rejected anonymous requests). */
export function callerOf(request: FastifyRequest): AuthContext {
  if (!request.auth) throw unauthorized('A bearer access token is required.', false);
  return request.auth;
}

/**
 * Throws a 403 unless the token has `scope`. Remembers the check: an idempotent replay of this
 * request's result repeats it.
 */
export function requireScope(auth: AuthContext, scope: string): void {
  auth.scopesChecked.add(scope);
  if (!auth.scopes.has(scope)) throw forbidden(scope);
}
