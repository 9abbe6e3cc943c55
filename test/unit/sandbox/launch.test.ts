/** What `npm run sandbox` prints: the agreed lines first, then which client pair is for what. */
import { startSandbox } from '../../../sandbox';
import { announcement, startSandboxFromEnv } from '../../../sandbox/launch';

let sandbox: Awaited<ReturnType<typeof startSandbox>>;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(() => sandbox.close());

const pairs = (lines: string[]) =>
  lines.map((line) => /^([A-Za-z_]+)[:=] ?(.*)$/.exec(line.trim())?.slice(1) ?? []);

it('prints origin, client_id and client_secret first, as `key: value` lines scripts can read', () => {
  expect(pairs(announcement(sandbox).slice(0, 5))).toEqual([
    ['origin', sandbox.url],
    ['client_id', sandbox.clientId],
    ['client_secret', sandbox.clientSecret],
    ['cli_client_id', sandbox.cliClientId],
    ['cli_client_secret', sandbox.cliClientSecret],
  ]);
});

it('says Zapier’s pair fails in `zapier-platform invoke`, and gives the .env lines of the CLI pair', () => {
  const text = announcement(sandbox).join('\n');
  expect(text).toMatch(
    /client_id \/ client_secret: Zapier's client[^]*Not for `zapier-platform invoke`[^]*code_challenge: Invalid input/,
  );
  const envBlock = text.split('Put these lines in .env:\n')[1]?.trim().split('\n');
  expect(pairs(envBlock ?? [])).toEqual([
    ['SNAPSHOTS_API_BASE_URL', sandbox.url],
    ['CLIENT_ID', sandbox.cliClientId],
    ['CLIENT_SECRET', sandbox.cliClientSecret],
  ]);
});

it('a busy port names SANDBOX_PORT and how to pick another, not a bare EADDRINUSE', async () => {
  const port = new URL(sandbox.url).port;

  const attempt = startSandboxFromEnv({ SANDBOX_PORT: port, SANDBOX_SEED: 'empty' });

  await expect(attempt).rejects.toThrow(
    `Port ${port} is already in use (another sandbox or program is listening there). Stop it, or set SANDBOX_PORT to another port (0 picks a free one), e.g. \`SANDBOX_PORT=4011 npm run sandbox\`.`,
  );
});
