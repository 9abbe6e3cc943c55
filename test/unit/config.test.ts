import { apiOrigin, ConfigurationError } from '../../src/config';

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
