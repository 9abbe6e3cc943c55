/** The OAuth token endpoint (`POST /oauth/token`, form-encoded, client credentials in the body). */
import { Readable } from 'node:stream';
import { errors, type ZObject } from 'zapier-platform-core';
import { TokenResponse } from '../api/schemas';
import { oauthClient, oauthUrl } from '../config';
import {
  clientCredentialsRejected,
  describeTarget,
  errorForTokenResponse,
  isTransientFault,
  malformedResponseError,
} from './errors';
import { TOKEN_TIMEOUT_MS } from './middleware';
import { isMalformedJson, parseBody, send } from './send';

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
export async function requestTokens(z: ZObject, grant: TokenGrant): Promise<TokenResponse> {
  try {
    return await exchange(z, grant);
  } catch (error) {
    if (grant.grant_type === 'refresh_token' && isTransientFault(error)) return exchange(z, grant);
    throw error;
  }
}

async function exchange(z: ZObject, grant: TokenGrant): Promise<TokenResponse> {
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
    return parseBody(TokenResponse, response, 'POST /oauth/token');
  } catch (error) {
    // With autoRefresh, core turns every 401 into RefreshAuthError before our middleware runs.
    // From the token endpoint a 401 means the client credentials were refused (RFC 6749 §5.2);
    // asking Zapier to refresh again would only loop.
    if (error instanceof errors.RefreshAuthError) throw clientCredentialsRejected();
    throw error;
  }
}
