import { authentication } from '../../../src/auth/authentication';
import { API_ORIGIN, CLIENT_ID, appTester, useFakeSnapshots } from '../../support/zapier';

const { authorizeUrl } = authentication.oauth2Config;
const REDIRECT_URI = 'https://zapier.com/dashboard/auth/oauth/return/App123CLIAPI/';
const bundle = { inputData: { redirect_uri: REDIRECT_URI, state: 'state-1234' } };

describe('authorizeUrl', () => {
  useFakeSnapshots();

  it('points at the configured origin with every parameter the authorize endpoint needs', async () => {
    const url = new URL(await appTester(authorizeUrl, bundle));

    expect(`${url.origin}${url.pathname}`).toBe(`${API_ORIGIN}/oauth/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      state: 'state-1234',
      scope:
        'saas/location.read saas/location.write saas/matter.read saas/matter.write ' +
        'saas/activity.read saas/activity.write',
    });
  });

  it('encodes spaces as %20 and keeps scope out of first place (the CLI looks for "&scope=")', async () => {
    const url = await appTester(authorizeUrl, bundle);

    expect(url).toContain('&scope=saas%2Flocation.read%20saas%2Flocation.write%20');
    expect(url).not.toContain('+');
  });

  it('leaves PKCE parameters to Zapier, which appends them when enablePkce is on', async () => {
    const url = new URL(await appTester(authorizeUrl, bundle));

    expect(authentication.oauth2Config.enablePkce).toBe(true);
    expect(url.searchParams.has('code_challenge')).toBe(false);
  });

  it('fails with a clear message when the API origin is not configured', async () => {
    delete process.env.SNAPSHOTS_API_BASE_URL;

    await expect(appTester(authorizeUrl, bundle)).rejects.toThrow(
      'SNAPSHOTS_API_BASE_URL is not set',
    );
  });

  it('refuses a plain-http origin that is not loopback', async () => {
    process.env.SNAPSHOTS_API_BASE_URL = 'http://api.snapshots.test';

    await expect(appTester(authorizeUrl, bundle)).rejects.toThrow(/must use https:\/\//);
  });

  it('names the missing client id without printing any secret', async () => {
    delete process.env.CLIENT_ID;

    await expect(appTester(authorizeUrl, bundle)).rejects.toThrow(/^CLIENT_ID is not set/);
  });

  it('says which OAuth field Zapier did not pass', async () => {
    await expect(
      appTester(authorizeUrl, { inputData: { redirect_uri: REDIRECT_URI } }),
    ).rejects.toMatchObject({
      name: 'AppError',
      message: expect.jsonContaining({ message: 'Zapier did not pass the OAuth field(s) state.' }),
    });
  });
});
