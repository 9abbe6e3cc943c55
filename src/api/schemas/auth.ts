/** OAuth 2.0 (RFC 6749 + PKCE, RFC 7636), token revocation (RFC 7009) and `/me`. */
import { z } from 'zod';
import { OBJECT, OBJECTS, readScope, scopesOf } from '../objects';

/** Each object's read and write scope, in the registry's order. */
export const SCOPES = scopesOf(OBJECTS) as [
  ReturnType<typeof scopesOf<typeof OBJECTS>>[number],
  ...ReturnType<typeof scopesOf<typeof OBJECTS>>,
];
export const Scope = z.enum(SCOPES).meta({ id: 'Scope' });
export type Scope = z.infer<typeof Scope>;
/** Every connection must hold this one. */
export const REQUIRED_SCOPE: Scope = readScope(OBJECT.location);

export const AuthorizeQuery = z.object({
  response_type: z.literal('code', 'must be "code"'),
  client_id: z.string().min(1),
  redirect_uri: z.url(),
  scope: z.string().min(1).meta({ description: 'Space-separated scopes.' }),
  state: z.string().min(1).max(2048),
  code_challenge: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be a base64url SHA-256 digest'),
  code_challenge_method: z.literal('S256', 'must be "S256"'),
});

export const TokenRequest = z.discriminatedUnion('grant_type', [
  z.object({
    grant_type: z.literal('authorization_code'),
    code: z.string().min(1),
    redirect_uri: z.string().min(1),
    code_verifier: z
      .string()
      .regex(/^[A-Za-z0-9\-._~]{43,128}$/, 'must be 43-128 unreserved characters'),
    client_id: z.string().optional(),
    client_secret: z.string().optional(),
  }),
  z.object({
    grant_type: z.literal('refresh_token'),
    refresh_token: z.string().min(1),
    client_id: z.string().optional(),
    client_secret: z.string().optional(),
  }),
]);

export const TokenResponse = z
  .object({
    access_token: z.string().min(1),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int().positive(),
    refresh_token: z.string().min(1),
    scope: z.string(),
  })
  .meta({ id: 'TokenResponse' });

export const OAuthError = z
  .object({
    error: z.enum([
      'invalid_grant',
      'invalid_client',
      'invalid_request',
      'unsupported_grant_type',
      'invalid_scope',
      'unauthorized_client',
    ]),
    error_description: z.string(),
  })
  .meta({ id: 'OAuthError' });

export const RevokeRequest = z.object({
  token: z.string().min(1),
  token_type_hint: z.enum(['access_token', 'refresh_token']).optional(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
});

export const Me = z
  .object({
    account: z.object({ id: z.string(), name: z.string() }),
    user: z.object({ id: z.string(), name: z.string(), email: z.string() }),
    scopes: z.array(z.string()),
  })
  .meta({ id: 'Me' });

export type TokenResponse = z.infer<typeof TokenResponse>;
export type Me = z.infer<typeof Me>;
