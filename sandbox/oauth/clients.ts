/**
 * The OAuth clients the sandbox knows and each one's policy: which redirect URIs it may use and
 * whether it must use PKCE. The authorization server reads policy from here and nowhere else.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { isLoopbackUrl } from '../../src/api/transport';

/** Where a redirect URI points: Zapier's OAuth return path, or plain HTTP on this machine. */
export type RedirectTarget = 'zapier' | 'loopback';

export interface OAuthClient {
  id: string;
  /** Confidential clients only: the token and revocation endpoints always check it. */
  secret: string;
  /**
   * `required`: every authorization request carries an S256 `code_challenge`. `optional`: a
   * request without one is accepted; a request with one is verified as usual.
   */
  pkce: 'required' | 'optional';
  redirectTargets: readonly RedirectTarget[];
}

export interface ClientCredentials {
  id: string;
  secret: string;
}

const ZAPIER_RETURN = 'https://zapier.com/dashboard/auth/oauth/return/';

/**
 * Zapier's return URL, plain HTTP on loopback (any port; the hosts of src/api/transport.ts:
 * 127.0.0.1, localhost, [::1]), or undefined for anything else.
 */
export function redirectTargetOf(uri: string): RedirectTarget | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return undefined;
  }
  if (url.hash !== '' || url.username !== '' || url.password !== '') return undefined;
  if (url.href.startsWith(ZAPIER_RETURN)) return 'zapier';
  return url.protocol === 'http:' && isLoopbackUrl(url) ? 'loopback' : undefined;
}

/** Compares digests, so neither the secret's content nor its length leaks through timing. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export class OAuthClients {
  /** The client Zapier uses in production; `/_sandbox/tokens` mints grants for it. */
  readonly zapier: OAuthClient;
  /**
   * For `zapier-platform invoke auth start` on a developer's machine: CLI 19 cannot do PKCE, so
   * PKCE is optional; in exchange the client only ever redirects to this machine.
   */
  readonly cli: OAuthClient;

  constructor(zapier: ClientCredentials, cli: ClientCredentials) {
    if (zapier.id === cli.id) {
      throw new Error(`The Zapier and CLI OAuth clients need different ids, both are "${cli.id}".`);
    }
    this.zapier = { ...zapier, pkce: 'required', redirectTargets: ['zapier', 'loopback'] };
    this.cli = { ...cli, pkce: 'optional', redirectTargets: ['loopback'] };
  }

  find(id: string | undefined): OAuthClient | undefined {
    return [this.zapier, this.cli].find((client) => client.id === id);
  }

  /** The client these credentials name, or undefined when the id is unknown or the secret wrong. */
  authenticate(id: string | undefined, secret: string | undefined): OAuthClient | undefined {
    const client = this.find(id);
    return client && secret !== undefined && sameSecret(secret, client.secret) ? client : undefined;
  }
}

export function acceptsRedirectUri(client: OAuthClient, uri: string): boolean {
  const target = redirectTargetOf(uri);
  return target !== undefined && client.redirectTargets.includes(target);
}
