/**
 * The integration's HTTP middleware. Core runs it in this order (create-app-request-client.js):
 *   before: core's prepareRequest → `prepareApiRequest` → core's header sanitising and query params
 *   after:  core's prepareResponse → logResponse → throwForStaleAuth (401 → RefreshAuthError)
 *           → throwForThrottling (skipped for our API, see below) → `mapApiErrors` → throwForStatus
 * Both only touch requests to the configured Snapshots origin; anything else passes untouched.
 */
import {
  version as coreVersion,
  type AfterResponseMiddleware,
  type BeforeRequestMiddleware,
  type HttpResponse,
} from 'zapier-platform-core';
import packageJson from '../../package.json';
import { isApiOrigin } from '../config';
import {
  describeTarget,
  errorForApiResponse,
  errorForTokenResponse,
  malformedResponseError,
  type Grant,
} from './errors';

/**
 * Zapier gives a step 30 s in all. An API call may be followed by a second one (a search then a
 * create), and the error mapping and Zapier's own overhead need time too.
 */
export const API_TIMEOUT_MS = 12_000;
export const TOKEN_TIMEOUT_MS = 10_000;

/** Names the integration and its version to Snapshots (its logs, its support). */
export const USER_AGENT = `Snapshots-for-Zapier/${packageJson.version} zapier-platform-core/${coreVersion}`;

type RequestOptions = Parameters<BeforeRequestMiddleware>[0];

/** Core reads this request option (v18+); its type does not declare it yet. */
interface ApiRequestOptions extends RequestOptions {
  throwForThrottlingEarly?: boolean;
}

const isTokenEndpoint = (url: string) => new URL(url).pathname === '/oauth/token';
const isOAuthEndpoint = (url: string) => new URL(url).pathname.startsWith('/oauth/');

/** Adds the bearer token, User-Agent and timeout to requests for the Snapshots API, and only those. */
export const prepareApiRequest = ((request, _z, bundle) => {
  if (!isApiOrigin(request.url)) return request;
  const token = bundle.authData?.access_token;
  const prepared: ApiRequestOptions = {
    ...request,
    headers: {
      accept: 'application/json',
      ...request.headers,
      'user-agent': USER_AGENT,
      // The OAuth endpoints authenticate the client, not the user: no bearer there.
      ...(token && !isOAuthEndpoint(request.url) ? { authorization: `Bearer ${token}` } : {}),
    },
    timeout: request.timeout ?? (isTokenEndpoint(request.url) ? TOKEN_TIMEOUT_MS : API_TIMEOUT_MS),
    // Let 429s reach `mapApiErrors`, which words the message and honours Retry-After.
    throwForThrottlingEarly: false,
  };
  return prepared;
}) satisfies BeforeRequestMiddleware;

/** Turns every failed Snapshots response into the right Zapier error, before core's throwForStatus. */
export const mapApiErrors = ((response) => {
  const url = response.request.url ?? '';
  // `skipThrowForStatus` means the caller handles the status itself, as with core's throwForStatus.
  if (!isApiOrigin(url) || response.skipThrowForStatus) return response;
  if (response.status >= 400) {
    throw isTokenEndpoint(url)
      ? errorForTokenResponse(response, grantOf(response))
      : errorForApiResponse(response);
  }
  if (isMalformedJson(response)) throw malformedResponseError(describeTarget(url));
  return response;
}) satisfies AfterResponseMiddleware;

/** Core leaves `data` undefined when a body that claims to be JSON does not parse. */
function isMalformedJson(response: HttpResponse): boolean {
  const contentType = response.getHeader('content-type') ?? '';
  return /json/i.test(contentType) && response.content.trim() !== '' && response.data === undefined;
}

/** The grant a token request asked for, read back from its form body. */
function grantOf(response: HttpResponse): Grant {
  const body = typeof response.request.body === 'string' ? response.request.body : '';
  return new URLSearchParams(body).get('grant_type') === 'refresh_token'
    ? 'refresh_token'
    : 'authorization_code';
}
