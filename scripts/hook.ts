/**
 * `npm run hook -- <trigger> [key=value …]`: prints an instant trigger's outputs as changes happen
 * in a running sandbox (SANDBOX_URL, default http://127.0.0.1:4010). See dev/watch-trigger.ts.
 */
import { inputsFromArgs, watchTrigger } from '../dev/watch-trigger';

async function main(): Promise<void> {
  const [triggerKey, ...inputs] = process.argv.slice(2);
  const sandboxUrl = process.env.SANDBOX_URL ?? 'http://127.0.0.1:4010';
  const watch = await watchTrigger({
    sandboxUrl,
    triggerKey,
    inputData: inputsFromArgs(inputs),
    print: (line) => console.log(line),
  }).catch((error: unknown) => {
    if (error instanceof TypeError && /fetch failed/.test(error.message)) {
      throw new Error(`No sandbox answers at ${sandboxUrl}: start one with \`npm run sandbox\`.`);
    }
    throw error;
  });
  const stop = () => void watch.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
