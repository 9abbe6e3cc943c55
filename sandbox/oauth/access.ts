/** Who may do what: the caller's grant (set by the bearer check) and the scope rules. */
import type { FastifyRequest } from 'fastify';
import type { EventType, Scope } from '../../src/api/schemas';
import { COLLECTIONS } from '../records/collection-specs';
import { forbidden, unauthorized } from '../http/problems';
import type { AuthContext } from './tokens';

export type ResourceKind = 'location' | 'matter' | 'activity';

export const readScope = (kind: ResourceKind) => `saas/${kind}.read` as const;
export const writeScope = (kind: ResourceKind) => `saas/${kind}.write` as const;

/** The resource an event type is about; `sync.error` is about none. */
export function resourceOfEvent(type: EventType): ResourceKind | undefined {
  const [prefix] = type.split('.');
  return prefix === 'location' || prefix === 'matter' || prefix === 'activity' ? prefix : undefined;
}

/**
 * Every scope reading an event type needs (none for `sync.error`: a valid token), its resource's
 * first: an event carries its record with
 * every link expanded (an activity's matter and location, a matter's location), so, as with
 * `expand` on a GET, it needs the read scope of each linked collection too. Checked when
 * listing events and when subscribing, so no delivery hands a record to a grant that may not
 * read it.
 */
export function scopesToRead(type: EventType): Scope[] {
  const kind = resourceOfEvent(type);
  if (!kind) return [];
  const embedded = (COLLECTIONS.find((spec) => spec.kind === kind)?.links ?? [])
    .filter((link) => link.expandAs)
    .map((link) => readScope(link.kind));
  return [...new Set([readScope(kind), ...embedded])];
}

/** Throws a 403 naming the first scope of `type`'s events the token lacks. */
export function requireEventScopes(auth: AuthContext, type: EventType): void {
  for (const scope of scopesToRead(type)) requireScope(auth, scope);
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
export function requireScope(auth: AuthContext, scope: Scope): void {
  auth.scopesChecked.add(scope);
  if (!auth.scopes.has(scope)) throw forbidden(scope);
}
