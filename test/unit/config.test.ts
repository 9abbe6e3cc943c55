import { apiOrigin, ConfigurationError, isApiOrigin, oauthClient } from '../../src/config';

describe('apiOrigin', () => {
  it.each([
    ['https://api.snapshots.example', 'https://api.snapshots.example'],
    ['https://api.snapshots.example/', 'https://api.snapshots.example'],
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010'],
    ['http://localhost:4010', 'http://localhost:4010'],
  ])('accepts %s', (value, origin) => {
    expect(apiOrigin({ SNAPSHOTS_API_BASE_URL: value })).toBe(origin);
  });

  it.each([
    [undefined, /SNAPSHOTS_API_BASE_URL is not set/],
    ['  ', /SNAPSHOTS_API_BASE_URL is not set/],
    ['api.snapshots.example', /is not a URL/],
    ['http://api.snapshots.example', /must use https:\/\//],
    ['ftp://127.0.0.1', /must use https:\/\//],
  ])('rejects %p with a clear message', (value, message) => {
    expect(() => apiOrigin({ SNAPSHOTS_API_BASE_URL: value })).toThrow(ConfigurationError);
    expect(() => apiOrigin({ SNAPSHOTS_API_BASE_URL: value })).toThrow(message);
  });
});

describe('isApiOrigin', () => {
  const env = { SNAPSHOTS_API_BASE_URL: 'https://api.snapshots.example' };

  it.each([
    ['https://api.snapshots.example/v1/me', true],
    ['https://api.snapshots.example:443/oauth/token', true],
    ['https://api.snapshots.example.evil.test/v1/me', false],
    ['http://api.snapshots.example/v1/me', false],
    ['https://other.example/v1/me', false],
    ['not a url', false],
  ])('%s → %p', (url, expected) => {
    expect(isApiOrigin(url, env)).toBe(expected);
  });

  it('throws the configuration error when the origin is not set', () => {
    expect(() => isApiOrigin('https://api.snapshots.example/v1/me', {})).toThrow(
      ConfigurationError,
    );
  });
});

describe('oauthClient', () => {
  it('reads CLIENT_ID and CLIENT_SECRET', () => {
    expect(oauthClient({ CLIENT_ID: ' id ', CLIENT_SECRET: 'secret' })).toEqual({
      clientId: 'id',
      clientSecret: 'secret',
    });
  });

  it.each([
    [{ CLIENT_SECRET: 's3cr3t-value' }, /^CLIENT_ID is not set\./],
    [{ CLIENT_ID: 'id-value' }, /^CLIENT_SECRET is not set\./],
    [{}, /^CLIENT_ID and CLIENT_SECRET are not set\./],
  ])('names what is missing (%p) without echoing any value', (env, message) => {
    expect(() => oauthClient(env)).toThrow(ConfigurationError);
    expect(() => oauthClient(env)).toThrow(message);
    expect(() => oauthClient(env)).not.toThrow(/s3cr3t-value|id-value/);
  });
});
