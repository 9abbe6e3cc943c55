/** OAuth 2.0 authorization code with PKCE against the Snapshots authorization server. */
import type { Authentication } from 'zapier-platform-core';
import { apiUrl, oauthUrl } from '../config';
import { SCOPES } from '../api/schemas';

export const authentication = {
  type: 'oauth2',
  oauth2Config: {
    authorizeUrl: {
      url: '{{process.env.SNAPSHOTS_API_BASE_URL}}/oauth/authorize',
      params: {
        client_id: '{{process.env.CLIENT_ID}}',
        state: '{{bundle.inputData.state}}',
        redirect_uri: '{{bundle.inputData.redirect_uri}}',
        response_type: 'code',
      },
    },
    getAccessToken: async (z, bundle) => {
      const response = await z.request({
        url: oauthUrl('/token'),
        method: 'POST',
        body: {
          grant_type: 'authorization_code',
          code: String(bundle.inputData.code),
          redirect_uri: String(bundle.inputData.redirect_uri),
          code_verifier: String(bundle.inputData.code_verifier),
          client_id: process.env.CLIENT_ID,
          client_secret: process.env.CLIENT_SECRET,
        },
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      return response.data as Record<string, unknown>;
    },
    scope: SCOPES.join(' '),
    enablePkce: true,
    autoRefresh: true,
  },
  test: async (z) => (await z.request({ url: apiUrl('/me') })).data as Record<string, unknown>,
  connectionLabel: '{{json.account.name}} ({{json.user.email}})',
} satisfies Authentication;
