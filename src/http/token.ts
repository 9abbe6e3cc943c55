/** The OAuth token endpoint (`POST /oauth/token`, form-encoded, client credentials in the body). */
import { Readable } from 'node:stream';
import { errors, type ZObject } from 'zapier-platform-core';
import { z as zod } from 'zod';
import { TokenResponse } from '../api/schemas';
import type { HttpResponse } from 'zapier-platform-core';
import { oauthClient, oauthUrl } from '../config';
import {
  clientCredentialsRejected,
  describeTarget,
  errorForTokenResponse,
  isTransientFault,
  malformedResponseError,
  unexpectedDataError,
} from './errors';
import { TOKEN_TIMEOUT_MS } from './timeouts';
import { isMalformedJson, send } from './send';

export type TokenGrant =
  | {
      grant_type: 'authorization_code';
      code: string;
      redirect_uri: string;
      /** Omitted, not empty, when there is none: the server decides whether PKCE was needed. */
      code_verifier?: string;
    }
  | { grant_type: 'refresh_token'; refresh_token: string };

/**
 * Exchanges a grant for tokens; failures become the errors of ./errors (invalid_grant, …).
 *
 * A refresh whose answer was lost (timeout, dropped connection, server error) may already have
 * rotated the refresh token. The previous one stays valid for 60 s, so one immediate retry is safe
 * and keeps the connection alive, where Zapier's own retry would come after the grace period and
 * end it. An authorization code is single-use, so a code exchange is never retried.
 */
export async function requestTokens(z: ZObject, grant: TokenGrant): Promise<IssuedTokens> {
  try {
    return await exchange(z, grant);
  } catch (error) {
    if (grant.grant_type === 'refresh_token' && isTransientFault(error)) return exchange(z, grant);
    throw error;
  }
}

/**
 * What a token answer gave that can be used. A refresh answer may leave out `refresh_token` (RFC
 * 6749 §6: the old one stays valid) or `scope` (unchanged); the caller keeps the old values then.
 */
export interface IssuedTokens {
  /** Empty when a refresh answer carried no usable one: the next 401 refreshes again. */
  access_token: string;
  refresh_token?: string;
  scope?: string;
}

async function exchange(z: ZObject, grant: TokenGrant): Promise<IssuedTokens> {
  const { clientId, clientSecret } = oauthClient();
  const url = oauthUrl('/token');
  const form = new URLSearchParams({ ...grant, client_id: clientId, client_secret: clientSecret });
  try {
    const response = await send(z, {
      method: 'POST',
      url,
      // Sent as a stream, which core logs as "<streaming data>": the authorization code and the
      // PKCE verifier, which core's log scrubber does not know, stay out of Zapier's logs. (Core
      // re-encodes any non-string body sent as exactly `application/x-www-form-urlencoded`; with
      // the charset parameter it leaves the stream alone. The tests catch it if that changes.)
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: Readable.from([form.toString()]),
      timeout: TOKEN_TIMEOUT_MS,
      // Mapped here, where the grant is known (see errorForTokenResponse), not in the middleware.
      skipThrowForStatus: true,
    });
    if (response.status >= 400) throw errorForTokenResponse(response, grant.grant_type);
    if (isMalformedJson(response)) throw malformedResponseError(describeTarget(url));
    return readTokens(response, grant.grant_type);
  } catch (error) {
    // With autoRefresh, core turns every 401 into RefreshAuthError before our middleware runs.
    // From the token endpoint a 401 means the client credentials were refused (RFC 6749 §5.2);
    // asking Zapier to refresh again would only loop.
    if (error instanceof errors.RefreshAuthError) throw clientCredentialsRejected();
    throw error;
  }
}

/**
 * The tokens of a 2xx answer. Each field is checked on its own: when the answer breaks the
 * contract elsewhere (a missing `expires_in`, an odd `token_type`), the server has still rotated
 * the refresh token, and dropping the new one would end the connection. So a refresh keeps every
 * valid token that arrived and fails only when none did; a code exchange needs a usable access
 * token. `token_type` is case-insensitive (RFC 6749 §5.1).
 */
function readTokens(response: HttpResponse, grant: TokenGrant['grant_type']): IssuedTokens {
  const body = TokenFields.safeParse(response.data);
  const fields = body.success ? body.data : {};
  const isBearer = /^bearer$/i.test(fields.token_type ?? '');
  const tokens: IssuedTokens = {
    access_token: isBearer ? (fields.access_token ?? '') : '',
    ...(fields.refresh_token === undefined ? {} : { refresh_token: fields.refresh_token }),
    ...(fields.scope === undefined ? {} : { scope: fields.scope }),
  };
  const usable =
    grant === 'refresh_token' ? tokens.access_token || tokens.refresh_token : tokens.access_token;
  if (usable) return tokens;
  // Nothing worth keeping, so the strict schema fails too: it names what is wrong.
  const strict = TokenResponse.safeParse(response.data);
  throw strict.success
    ? new Error('unreachable: a valid token answer is usable')
    : unexpectedDataError(strict.error, 'POST /oauth/token');
}

/** Each token field on its own: one that is malformed reads as absent, not as a failed answer. */
const tokenField = <S extends zod.ZodType>(schema: S) => schema.optional().catch(undefined);
const TokenFields = zod.looseObject({
  access_token: tokenField(TokenResponse.shape.access_token),
  refresh_token: tokenField(TokenResponse.shape.refresh_token),
  token_type: tokenField(zod.string()),
  scope: tokenField(TokenResponse.shape.scope),
});
