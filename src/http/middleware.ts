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
} from 'zapier-platform-core';
import packageJson from '../../package.json';
import { API_TIMEOUT_MS, TOKEN_TIMEOUT_MS } from './timeouts';
import { isApiOrigin } from '../config';
import {
  describeTarget,
  errorForApiResponse,
  malformedResponseError,
  redirectRefused,
} from './errors';
import { isMalformedJson } from './send';

/** Names the integration and its version to Snapshots (its logs, its support). */
export const USER_AGENT = `Snapshots-for-Zapier/${packageJson.version} zapier-platform-core/${coreVersion}`;

type RequestOptions = Parameters<BeforeRequestMiddleware>[0];

/** Core reads these request options; its type does not declare them. */
interface ApiRequestOptions extends RequestOptions {
  /** v18+ */
  throwForThrottlingEarly?: boolean;
  /** What core's request client hands every request: the invocation's input. */
  input?: CoreInput;
}

interface CoreInput {
  _zapier?: { whatHappened?: string[] };
}

/**
 * The input with a "what happened" list of the request's own. Core appends that list to the
 * message of any error not marked `doNotContextify`, and its response logging adds the first 100
 * characters of every response body to it (a webhook's signing secret, a client's details). With
 * core's request merge on, those lines went into a copy of the input and were lost; with it off
 * (./send.ts) they would reach the real list, so they go to a list of their own, as before.
 */
function withOwnWhatHappened(input: CoreInput | undefined): CoreInput | undefined {
  if (!input?._zapier) return input;
  return { ...input, _zapier: { ...input._zapier, whatHappened: [] } };
}

const isTokenEndpoint = (url: string) => new URL(url).pathname === '/oauth/token';
const isOAuthEndpoint = (url: string) => new URL(url).pathname.startsWith('/oauth/');

/** Adds the bearer token, User-Agent and timeout to requests for the Snapshots API, and only those. */
export const prepareApiRequest = ((request, _z, bundle) => {
  if (!isApiOrigin(request.url)) return request;
  const token = bundle.authData?.access_token;
  const { input } = request as ApiRequestOptions;
  const prepared: ApiRequestOptions = {
    ...request,
    ...(input ? { input: withOwnWhatHappened(input) } : {}),
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
    // node-fetch keeps `Authorization` on a redirect to a subdomain or another port: never follow
    // one; `mapApiErrors` turns the 3xx into an error instead.
    redirect: 'manual',
  };
  return prepared;
}) satisfies BeforeRequestMiddleware;

/**
 * Turns every failed Snapshots response into the right Zapier error, before core's throwForStatus.
 * (The token endpoint maps its own answers, in ./token, where the grant is known.)
 */
export const mapApiErrors = ((response) => {
  const url = response.request.url ?? '';
  if (!isApiOrigin(url)) return response;
  if (response.status >= 300 && response.status < 400) throw redirectRefused(response);
  // `skipThrowForStatus` means the caller handles the status itself, as with core's throwForStatus.
  if (response.skipThrowForStatus) return response;
  if (response.status >= 400) throw errorForApiResponse(response);
  if (isMalformedJson(response)) throw malformedResponseError(describeTarget(url));
  return response;
}) satisfies AfterResponseMiddleware;
