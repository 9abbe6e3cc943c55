/**
 * Where the Snapshots API lives. Read from the environment (set with `zapier-platform env:set` in
 * production), never from user input, so a Zap can never be pointed at another host.
 */
import { isSecureOrLoopback } from './api/transport';

export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
  /** Core would append the bundle (with the code and PKCE verifier in getAccessToken). */
  readonly doNotContextify = true;
}

/** The API origin, e.g. `https://api.snapshots.example`; throws a clear message when unusable. */
export function apiOrigin(env: NodeJS.ProcessEnv = process.env): string {
  const raw = env.SNAPSHOTS_API_BASE_URL?.trim();
  if (!raw) {
    throw new ConfigurationError(
      'SNAPSHOTS_API_BASE_URL is not set. Set it to the Snapshots API origin ' +
        '(`zapier-platform env:set <version> SNAPSHOTS_API_BASE_URL=https://…`, or in .env locally).',
    );
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigurationError(`SNAPSHOTS_API_BASE_URL is not a URL: "${raw}".`);
  }
  if (!isSecureOrLoopback(url)) {
    throw new ConfigurationError(
      `SNAPSHOTS_API_BASE_URL must use https:// (plain http is allowed only on loopback), got "${url.origin}".`,
    );
  }
  return url.origin;
}

/** True when `url` points at the configured Snapshots API origin (throws when that is unusable). */
export function isApiOrigin(url: string, env?: NodeJS.ProcessEnv): boolean {
  const origin = apiOrigin(env);
  return URL.canParse(url) && new URL(url).origin === origin;
}

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
}

/** The OAuth client Snapshots issued to this integration (`CLIENT_ID` / `CLIENT_SECRET`). */
export function oauthClient(env: NodeJS.ProcessEnv = process.env): OAuthClient {
  const clientId = env.CLIENT_ID?.trim() ?? '';
  const clientSecret = env.CLIENT_SECRET?.trim() ?? '';
  const missing = [clientId ? null : 'CLIENT_ID', clientSecret ? null : 'CLIENT_SECRET'].filter(
    (name) => name !== null,
  );
  if (missing.length > 0) {
    // Names only: a secret's value never goes into a message.
    throw new ConfigurationError(
      `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set. Set the OAuth client ` +
        'credentials Snapshots issued to this integration (`zapier-platform env:set <version> CLIENT_ID=… ' +
        'CLIENT_SECRET=…`, or in .env locally).',
    );
  }
  return { clientId, clientSecret };
}

/** `/v1/...` URL of an API path. */
export const apiUrl = (path: string, env?: NodeJS.ProcessEnv): string =>
  `${apiOrigin(env)}/v1${path}`;
/** `/oauth/...` URL. */
export const oauthUrl = (path: string, env?: NodeJS.ProcessEnv): string =>
  `${apiOrigin(env)}/oauth${path}`;
