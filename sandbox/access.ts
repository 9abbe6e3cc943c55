/** Who may do what: the caller's grant (set by the bearer check) and the scope rules. */
import type { FastifyRequest } from 'fastify';
import type { EventType, Scope } from '../src/api/schemas';
import { forbidden, unauthorized } from './problems';
import type { AuthContext } from './tokens';

export type ResourceKind = 'location' | 'matter' | 'activity';

export const readScope = (kind: ResourceKind) => `saas/${kind}.read` as const;
export const writeScope = (kind: ResourceKind) => `saas/${kind}.write` as const;

/** The resource an event type is about; `sync.error` is about none. */
export function resourceOfEvent(type: EventType): ResourceKind | undefined {
  const [prefix] = type.split('.');
  return prefix === 'location' || prefix === 'matter' || prefix === 'activity' ? prefix : undefined;
}

/** Reading an event type needs its resource's read scope; `sync.error` only a valid token. */
export function scopeToRead(type: EventType): Scope | undefined {
  const kind = resourceOfEvent(type);
  return kind && readScope(kind);
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
