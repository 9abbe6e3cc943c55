/** List-query latency at 100 and at 100,000 records: the newest page, the next, a filter. */
import { freshToken, getJson, type Sandbox } from './sandbox-process';
import { ms, time } from './stats';

export async function benchListLatency(sandbox: Sandbox): Promise<void> {
  console.log('\n## List-query latency (GET /v1/locations?limit=100, 300 runs each)\n');
  console.log('| records | newest page p50 | p95 | second page p50 | updated_since p50 |');
  console.log('|---:|---:|---:|---:|---:|');
  for (const count of [100, 100_000]) {
    await sandbox.controls.reset('empty');
    const token = await freshToken(sandbox);
    await sandbox.controls.generate({ kind: 'location', count });
    const list = `${sandbox.origin}/v1/locations?limit=100`;
    const first = await getJson(list, token);
    const since = encodeURIComponent(new Date(Date.now() - 60_000).toISOString());
    const newest = await time(300, () => getJson(list, token));
    // With exactly 100 records there is no second page.
    const secondPage = first.next_cursor
      ? ms(
          (
            await time(300, () =>
              getJson(`${list}&cursor=${encodeURIComponent(String(first.next_cursor))}`, token),
            )
          ).p50,
        )
      : 'n/a';
    const filtered = await time(300, () => getJson(`${list}&updated_since=${since}`, token));
    console.log(
      `| ${count.toLocaleString('en')} | ${ms(newest.p50)} | ${ms(newest.p95)} | ${secondPage} | ${ms(filtered.p50)} |`,
    );
  }
}
