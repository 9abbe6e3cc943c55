/**
 * The authorization server's state: pending consents, authorization codes, grants and their
 * access and refresh tokens. All expiry uses the sandbox clock.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { TokenResponse } from '../../src/api/schemas';

/** A scope of the registry the sandbox serves (`saas/location.read`). */
type Scope = string;
import { type SandboxClock, MINUTE_MS, SECOND_MS } from '../clock';
import { randomId, randomToken } from '../ids';
import { ACCOUNT } from './account';

export const CODE_LIFETIME_MS = 10 * MINUTE_MS;
export const REFRESH_GRACE_MS = 60 * SECOND_MS;
export const DEFAULT_EXPIRES_IN = 3600;

/** What the authorize endpoint accepted, waiting for the user's decision. */
export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  scopes: Scope[];
  state: string;
  /** Absent only for a client whose PKCE is optional (see ./clients) and that sent none. */
  codeChallenge: string | undefined;
}

/** Who is calling, once a bearer token checked out. */
export interface AuthContext {
  grantId: string;
  /** The account the grant gives access to, and the OAuth client it was issued to. */
  accountId: string;
  clientId: string;
  scopes: ReadonlySet<Scope>;
  accessToken: string;
  /** Every scope this request was checked for (`requireScope`), granted or not. */
  scopesChecked: Set<Scope>;
}

interface Grant {
  accountId: string;
  clientId: string;
  scopes: Scope[];
  expiresIn: number;
  revoked: boolean;
}

interface AccessToken {
  grantId: string;
  expiresAtMs: number;
  revoked: boolean;
}

interface RefreshToken {
  grantId: string;
  /** When a refresh replaced it; it keeps working for the grace period after that. */
  rotatedAtMs?: number;
}

interface AuthorizationCode extends AuthorizationRequest {
  expiresAtMs: number;
  /** Set once redeemed: a second redemption fails and revokes this grant (RFC 6749 §4.1.2). */
  grantId?: string;
}

export type OAuthErrorCode =
  | 'invalid_grant'
  | 'invalid_client'
  | 'invalid_request'
  | 'unsupported_grant_type'
  | 'invalid_scope';

/** An RFC 6749 §5.2 error response. */
export class OAuthFailure extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    readonly status: 400 | 401 = 400,
  ) {
    super(description);
  }
}

const invalidGrant = (description: string) => new OAuthFailure('invalid_grant', description);

/** PKCE S256: BASE64URL(SHA256(verifier)) must equal the challenge (RFC 7636 §4.6). */
function verifierMatches(verifier: string, challenge: string): boolean {
  const computed = Buffer.from(createHash('sha256').update(verifier).digest('base64url'));
  const expected = Buffer.from(challenge);
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}

/**
 * A code with a challenge needs the matching verifier; a code without one must not get a verifier
 * (RFC 9700 §2.1.1: that would let an attacker downgrade a PKCE flow).
 */
function checkPkce(challenge: string | undefined, verifier: string | undefined): void {
  if (challenge === undefined) {
    if (verifier !== undefined) {
      throw invalidGrant(
        'code_verifier was sent, but the authorization request had no code_challenge.',
      );
    }
    return;
  }
  if (verifier === undefined) {
    throw invalidGrant(
      'code_verifier is required: the authorization request had a code_challenge.',
    );
  }
  if (!verifierMatches(verifier, challenge)) {
    throw invalidGrant('code_verifier does not match the code_challenge.');
  }
}

export class TokenStore {
  private readonly consents = new Map<string, AuthorizationRequest & { expiresAtMs: number }>();
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly grants = new Map<string, Grant>();
  private readonly accessTokens = new Map<string, AccessToken>();
  private readonly refreshTokens = new Map<string, RefreshToken>();

  constructor(private readonly clock: SandboxClock) {}

  clear(): void {
    for (const map of [
      this.consents,
      this.codes,
      this.grants,
      this.accessTokens,
      this.refreshTokens,
    ]) {
      map.clear();
    }
  }

  /** Remembers an authorization request; returns the one-time consent id of the form. */
  addPendingConsent(request: AuthorizationRequest): string {
    const consentId = randomToken('');
    this.consents.set(consentId, {
      ...request,
      expiresAtMs: this.clock.nowMs() + CODE_LIFETIME_MS,
    });
    return consentId;
  }

  takePendingConsent(consentId: string): AuthorizationRequest | undefined {
    const consent = this.consents.get(consentId);
    this.consents.delete(consentId);
    return consent && consent.expiresAtMs > this.clock.nowMs() ? consent : undefined;
  }

  issueCode(request: AuthorizationRequest): string {
    const code = randomToken('snp_code_');
    this.codes.set(code, { ...request, expiresAtMs: this.clock.nowMs() + CODE_LIFETIME_MS });
    return code;
  }

  /** A new grant with its first token pair (the consent flow and `/_sandbox/tokens` both). */
  issueGrant(clientId: string, scopes: Scope[], expiresIn = DEFAULT_EXPIRES_IN): TokenResponse {
    return this.issueTokens(this.createGrant(clientId, scopes, expiresIn));
  }

  redeemCode(
    code: string,
    clientId: string,
    redirectUri: string,
    verifier: string | undefined,
  ): TokenResponse {
    const stored = this.codes.get(code);
    if (!stored || stored.clientId !== clientId) throw invalidGrant('Unknown authorization code.');
    if (stored.grantId !== undefined) {
      this.revokeGrant(stored.grantId);
      throw invalidGrant('The authorization code was already used.');
    }
    if (stored.expiresAtMs <= this.clock.nowMs()) {
      throw invalidGrant('The authorization code expired.');
    }
    if (stored.redirectUri !== redirectUri) {
      throw invalidGrant('redirect_uri does not match the authorization request.');
    }
    checkPkce(stored.codeChallenge, verifier);
    stored.grantId = this.createGrant(clientId, stored.scopes, DEFAULT_EXPIRES_IN);
    return this.issueTokens(stored.grantId);
  }

  /** Rotates a refresh token; the old one stays valid for the grace period after its rotation. */
  refresh(refreshToken: string, clientId: string): TokenResponse {
    const stored = this.refreshTokens.get(refreshToken);
    const grant = stored && this.grants.get(stored.grantId);
    if (!stored || !grant || grant.revoked || grant.clientId !== clientId) {
      throw invalidGrant('Unknown or revoked refresh token.');
    }
    const now = this.clock.nowMs();
    if (stored.rotatedAtMs !== undefined && now - stored.rotatedAtMs > REFRESH_GRACE_MS) {
      throw invalidGrant('The refresh token was rotated and its grace period is over.');
    }
    stored.rotatedAtMs ??= now;
    return this.issueTokens(stored.grantId);
  }

  /**
   * RFC 7009: revoking a refresh token ends its whole grant (every access and refresh token);
   * revoking an access token ends that token. Unknown tokens and other clients' tokens are ignored.
   */
  revoke(token: string, clientId: string): void {
    const refresh = this.refreshTokens.get(token);
    if (refresh && this.grants.get(refresh.grantId)?.clientId === clientId) {
      this.revokeGrant(refresh.grantId);
      return;
    }
    const access = this.accessTokens.get(token);
    if (access && this.grants.get(access.grantId)?.clientId === clientId) access.revoked = true;
  }

  /** The caller behind a bearer token, or undefined when it is unknown, expired or revoked. */
  authenticate(accessToken: string): AuthContext | undefined {
    const stored = this.accessTokens.get(accessToken);
    const grant = stored && this.grants.get(stored.grantId);
    if (!stored || !grant || stored.revoked || grant.revoked) return undefined;
    if (stored.expiresAtMs <= this.clock.nowMs()) return undefined;
    return {
      grantId: stored.grantId,
      accountId: grant.accountId,
      clientId: grant.clientId,
      scopes: new Set(grant.scopes),
      accessToken,
      scopesChecked: new Set(),
    };
  }

  private createGrant(clientId: string, scopes: Scope[], expiresIn: number): string {
    const grantId = randomId('grt');
    // The sandbox has one account: every grant is for it.
    this.grants.set(grantId, {
      accountId: ACCOUNT.id,
      clientId,
      scopes,
      expiresIn,
      revoked: false,
    });
    return grantId;
  }

  private issueTokens(grantId: string): TokenResponse {
    const grant = this.grants.get(grantId);
    if (!grant) throw new Error(`unknown grant ${grantId}`);
    const accessToken = randomToken('snp_at_');
    const refreshToken = randomToken('snp_rt_');
    const expiresAtMs = this.clock.nowMs() + grant.expiresIn * SECOND_MS;
    this.accessTokens.set(accessToken, { grantId, expiresAtMs, revoked: false });
    this.refreshTokens.set(refreshToken, { grantId });
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: grant.expiresIn,
      refresh_token: refreshToken,
      scope: grant.scopes.join(' '),
    };
  }

  private revokeGrant(grantId: string): void {
    const grant = this.grants.get(grantId);
    if (grant) grant.revoked = true;
  }
}
