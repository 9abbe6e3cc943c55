import { errors } from 'zapier-platform-core';
import { authentication } from '../../../src/auth/authentication';
import { me } from '../../support/fixtures';
import { appTester, authData, snapshots, useFakeSnapshots } from '../../support/zapier';

/** Renders a string connection label the way Zapier does: `{{path}}` looked up in the bundle. */
function renderLabel(template: string, bundle: Record<string, unknown>): string {
  return template.replace(/{{\s*([\w.]+)\s*}}/g, (_match, path: string) => {
    const value = path.split('.').reduce<unknown>((node, key) => {
      return typeof node === 'object' && node !== null
        ? (node as Record<string, unknown>)[key]
        : undefined;
    }, bundle);
    if (typeof value !== 'string') throw new Error(`${path} is not a string in the test result`);
    return value;
  });
}

describe('connection test and label', () => {
  useFakeSnapshots();

  it('checks the token against GET /v1/me and labels the connection with account and email', async () => {
    const scope = snapshots().get('/v1/me').reply(200, me());

    const result = await appTester(authentication.test, { authData });

    expect(result).toMatchObject(me());
    expect(
      renderLabel(authentication.connectionLabel, { bundle: { authData, inputData: result } }),
    ).toBe('Demo Law LLP (alex@demo-law.example)');
    expect(scope.isDone()).toBe(true);
  });

  it('fails a connection without saas/location.read, naming the scope and how to reconnect', async () => {
    const scope = snapshots()
      .get('/v1/me')
      .reply(200, me(['saas/matter.read', 'saas/matter.write']));

    const attempt = appTester(authentication.test, { authData });

    await expect(attempt).rejects.toBeInstanceOf(errors.ExpiredAuthError);
    await expect(attempt).rejects.toThrow(
      'This Snapshots connection lacks the "saas/location.read" permission, which is needed to ' +
        'read locations. Reconnect Snapshots in Zapier (My Apps → Snapshots → Reconnect) and ' +
        'approve every permission it asks for.',
    );
    expect(scope.isDone()).toBe(true);
  });

  it('asks Zapier to refresh the token when /me answers 401', async () => {
    const scope = snapshots()
      .get('/v1/me')
      .reply(401, {}, { 'www-authenticate': 'Bearer error="invalid_token"' });

    await expect(appTester(authentication.test, { authData })).rejects.toBeInstanceOf(
      errors.RefreshAuthError,
    );
    expect(scope.isDone()).toBe(true);
  });

  it('asks for every scope the operations need', () => {
    expect(authentication.oauth2Config.scope.split(' ').sort()).toEqual([
      'saas/activity.read',
      'saas/activity.write',
      'saas/location.read',
      'saas/location.write',
      'saas/matter.read',
      'saas/matter.write',
    ]);
    expect(authentication.oauth2Config.autoRefresh).toBe(true);
  });
});
