/** Driving the sandbox's OAuth 2.0 authorization-code + PKCE flow the way a browser would. */
import { createHash, randomBytes } from 'node:crypto';
import { TokenResponse } from '../../src/api/schemas';
import type { ApiResponse, Harness } from './api';
import { ALL_SCOPES } from './api';

/** Any loopback redirect URI is accepted by the sandbox's client; nothing listens there. */
export const LOOPBACK_REDIRECT = 'http://127.0.0.1:9/oauth/callback';
export const ZAPIER_REDIRECT = 'https://zapier.com/dashboard/auth/oauth/return/App123456CLIAPI/';

const base64url = (bytes: Buffer): string => bytes.toString('base64url');

export interface Pkce {
  verifier: string;
  challenge: string;
}

/** RFC 7636: a 43-character verifier and its S256 challenge. */
export function pkce(): Pkce {
  const verifier = base64url(randomBytes(32));
  const challenge = base64url(createHash('sha256').update(verifier).digest());
  return { verifier, challenge };
}

export const randomState = (): string => base64url(randomBytes(12));

export interface AuthorizeParams {
  response_type?: string;
  client_id?: string;
  redirect_uri?: string;
  scope?: string;
  state?: string;
  code_challenge?: string;
  code_challenge_method?: string;
}

/** A good authorize query; override or drop (`undefined`) parameters to make it bad. */
export function authorizeQuery(
  h: Harness,
  challenge: string,
  overrides: AuthorizeParams = {},
): Record<string, string | undefined> {
  return {
    response_type: 'code',
    client_id: h.clientId,
    redirect_uri: LOOPBACK_REDIRECT,
    scope: ALL_SCOPES.join(' '),
    state: randomState(),
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...overrides,
  };
}

const decodeEntities = (value: string): string =>
  value
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The attributes of every `<tag …>` in an HTML page. */
function tags(html: string, name: string): Record<string, string>[] {
  const found: Record<string, string>[] = [];
  for (const match of html.matchAll(new RegExp(`<${name}\\b([^>]*)>`, 'gi'))) {
    const attributes: Record<string, string> = {};
    for (const attr of (match[1] ?? '').matchAll(
      /([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g,
    )) {
      const key = (attr[1] ?? '').toLowerCase();
      attributes[key] = decodeEntities(attr[2] ?? attr[3] ?? attr[4] ?? '');
    }
    found.push(attributes);
  }
  return found;
}

export interface ConsentPage {
  /** Where the form posts, resolved against the origin. */
  action: string;
  consent: string;
  decisions: string[];
}

/**
 * Reads the consent page as agreed in docs/sandbox.md: a POST form to /oauth/authorize
 * with a hidden `consent` input and `decision` buttons valued approve / deny.
 */
export function parseConsentPage(h: Harness, response: ApiResponse): ConsentPage {
  if (response.status !== 200) {
    throw new Error(`consent page: expected 200, got ${response.status}: ${response.text}`);
  }
  expect(response.contentType).toMatch(/^text\/html\b/);
  const html = response.text;
  const form = tags(html, 'form').find(
    (attributes) =>
      (attributes.method ?? '').toLowerCase() === 'post' &&
      new URL(attributes.action ?? '', h.url).pathname === '/oauth/authorize',
  );
  if (!form) throw new Error(`consent page: no <form method="post" action="/oauth/authorize">`);
  const inputs = tags(html, 'input');
  const consent = inputs.find((input) => input.name === 'consent' && input.type === 'hidden');
  if (!consent?.value) throw new Error('consent page: no hidden input "consent"');
  const decisions = [...tags(html, 'button'), ...inputs]
    .filter((element) => element.name === 'decision' && (element.type ?? 'submit') === 'submit')
    .map((element) => element.value ?? '');
  return {
    action: new URL(form.action ?? '', h.url).toString(),
    consent: consent.value,
    decisions,
  };
}

/** GET the consent page for this query, then post the decision. Returns the POST response. */
export async function decide(
  h: Harness,
  query: Record<string, string | undefined>,
  decision: 'approve' | 'deny',
): Promise<{ page: ConsentPage; response: ApiResponse }> {
  const page = parseConsentPage(h, await h.call('GET', '/oauth/authorize', { query }));
  const response = await h.call('POST', new URL(page.action).pathname, {
    form: { consent: page.consent, decision },
  });
  return { page, response };
}

/** The parameters of a redirect's `Location` (which must start with `redirectUri`). */
export function redirectParams(response: ApiResponse, redirectUri: string): URLSearchParams {
  if (response.status !== 302) {
    throw new Error(`expected a 302 redirect, got ${response.status}: ${response.text}`);
  }
  const location = response.headers.get('location');
  if (!location) throw new Error('redirect without a Location header');
  const url = new URL(location);
  const expected = new URL(redirectUri);
  expect(`${url.origin}${url.pathname}`).toBe(`${expected.origin}${expected.pathname}`);
  return url.searchParams;
}

export interface Grant {
  code: string;
  verifier: string;
  redirectUri: string;
  state: string;
}

/** Runs the browser part of the flow (consent approved) and returns an authorization code. */
export async function obtainCode(
  h: Harness,
  {
    scopes = ALL_SCOPES,
    redirectUri = LOOPBACK_REDIRECT,
  }: { scopes?: readonly string[]; redirectUri?: string } = {},
): Promise<Grant> {
  const { verifier, challenge } = pkce();
  const query = authorizeQuery(h, challenge, {
    scope: scopes.join(' '),
    redirect_uri: redirectUri,
  });
  const { response } = await decide(h, query, 'approve');
  const params = redirectParams(response, redirectUri);
  expect(params.get('state')).toBe(query.state);
  const code = params.get('code');
  if (!code) throw new Error(`no code in the redirect: ${params.toString()}`);
  return { code, verifier, redirectUri, state: query.state ?? '' };
}

/**
 * The harness seen as the sandbox's CLI client: the helpers here then authorize and authenticate
 * with its id and secret. Call it inside a test (it reads the running sandbox).
 */
export function asCliClient(h: Harness): Harness {
  return { ...h, clientId: h.cliClientId, clientSecret: h.cliClientSecret };
}

export type ClientAuth = 'body' | 'basic' | 'none';

/** RFC 6749 §2.3.1: client id and secret form-encoded, then Basic. */
export function basicAuth(clientId: string, clientSecret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64')}`;
}

/** POST /oauth/token (or /oauth/revoke) with the client authenticated as asked. */
export function postOAuth(
  h: Harness,
  path: '/oauth/token' | '/oauth/revoke',
  params: Record<string, string>,
  auth: ClientAuth = 'body',
  clientSecret?: string,
): Promise<ApiResponse> {
  const secret = clientSecret ?? h.clientSecret;
  const form = { ...params };
  const headers: Record<string, string> = {};
  if (auth === 'body') {
    form.client_id = h.clientId;
    form.client_secret = secret;
  } else if (auth === 'basic') {
    headers.authorization = basicAuth(h.clientId, secret);
  }
  return h.call('POST', path, { form, headers });
}

/** Exchanges a code; expects success and returns the parsed token response. */
export async function exchangeCode(
  h: Harness,
  grant: Grant,
  auth: ClientAuth = 'body',
): Promise<TokenResponse> {
  const response = await postOAuth(
    h,
    '/oauth/token',
    {
      grant_type: 'authorization_code',
      code: grant.code,
      redirect_uri: grant.redirectUri,
      code_verifier: grant.verifier,
    },
    auth,
  );
  if (response.status !== 200) {
    throw new Error(`code exchange: expected 200, got ${response.status}: ${response.text}`);
  }
  return TokenResponse.parse(response.body);
}

/** Refreshes; returns the raw response (callers assert success or failure). */
export function refresh(
  h: Harness,
  refreshToken: string,
  auth: ClientAuth = 'body',
): Promise<ApiResponse> {
  return postOAuth(
    h,
    '/oauth/token',
    { grant_type: 'refresh_token', refresh_token: refreshToken },
    auth,
  );
}
