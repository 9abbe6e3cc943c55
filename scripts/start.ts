/**
 * `npm start`: the sandbox with its demo data; the integration connects to it through the real
 * OAuth flow (authorize URL, consent page, code + PKCE, token) and reads the demo records through
 * its API client, exactly as Zapier would run it; then the sandbox keeps serving for
 * `zapier-platform invoke` until Ctrl-C. (NODE_ENV=test, set by the npm script, keeps core's
 * per-invocation memory report out of the output, as in the app tester's usual home.)
 */
import { createHash, randomBytes } from 'node:crypto';
import { type Bundle, createAppTester } from 'zapier-platform-core';
import { exitOnError, launchSandbox } from '../sandbox/launch';
import { app } from '../src/app';
import { authentication, type StoredAuthData } from '../src/auth/authentication';
import { createApiClient } from '../src/http/client';

/** Never followed: the code is read from the consent page's redirect. */
const REDIRECT_URI = 'http://127.0.0.1:9/oauth/callback';
const appTester = createAppTester(app);

/** What Zapier does around our authorize URL and token exchange when `enablePkce` is on. */
async function connect(origin: string): Promise<StoredAuthData> {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(12).toString('base64url');
  const authorizeUrl = await appTester(authentication.oauth2Config.authorizeUrl, {
    inputData: { redirect_uri: REDIRECT_URI, state },
  });
  const consentPage = await fetch(
    `${authorizeUrl}&code_challenge=${challenge}&code_challenge_method=S256`,
  );
  const consent = /name="consent" value="([^"]+)"/.exec(await consentPage.text())?.[1];
  if (!consent) throw new Error(`The consent page did not load (HTTP ${consentPage.status}).`);
  // The user presses "Approve".
  const approved = await fetch(`${origin}/oauth/authorize`, {
    method: 'POST',
    body: new URLSearchParams({ consent, decision: 'approve' }),
    redirect: 'manual',
  });
  const code = new URL(approved.headers.get('location') ?? REDIRECT_URI).searchParams.get('code');
  if (!code) throw new Error('The sandbox did not redirect back with a code.');
  return appTester(authentication.oauth2Config.getAccessToken, {
    inputData: { code, redirect_uri: REDIRECT_URI, code_verifier: verifier },
  });
}

async function showDemoData(authData: StoredAuthData): Promise<void> {
  const bundle: Partial<Bundle> = { authData };
  const connection = await appTester((z) => authentication.test(z), bundle);
  console.log(
    `\nThe integration connected as ${connection.account_name} (${connection.user_email}),`,
  );
  console.log(`with the scopes ${connection.scopes.join(', ')}.`);
  const { locations, matters, activities, syncErrors } = await appTester(async (z) => {
    const api = createApiClient(z);
    return {
      locations: await api.locations.list({ limit: 100 }),
      matters: await api.matters.list({ limit: 100 }),
      activities: await api.activities.list({ limit: 100, expand: ['matter', 'location'] }),
      syncErrors: await api.syncErrors.list({ limit: 100 }),
    };
  }, bundle);
  console.log('\nDemo data, read through the integration:');
  for (const location of locations.data)
    console.log(`  location  ${location.location_id}  ${location.name}`);
  for (const matter of matters.data)
    console.log(`  matter    ${matter.matter_id}  ${matter.title} (${matter.status})`);
  for (const activity of activities.data) {
    const about = activity.matter?.title ?? activity.location?.name ?? 'nothing linked';
    console.log(`  activity  ${activity.activity_id}  ${activity.type} — ${about}`);
  }
  for (const error of syncErrors.data)
    console.log(`  sync error  ${error.error_id}  ${error.code}: ${error.message}`);
}

async function main(): Promise<void> {
  const sandbox = await launchSandbox();
  process.env.SNAPSHOTS_API_BASE_URL = sandbox.url;
  process.env.CLIENT_ID = sandbox.clientId;
  process.env.CLIENT_SECRET = sandbox.clientSecret;
  await showDemoData(await connect(sandbox.url));
  console.log(
    `\nThe sandbox keeps running on ${sandbox.url}: see the README for \`zapier-platform invoke\`.` +
      '\nPress Ctrl-C to stop.',
  );
}

main().catch(exitOnError);
