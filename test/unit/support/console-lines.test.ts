/** The suite's console: quiet unless asked, and a shown line names where it came from. */
import { recordingConsole } from '../../support/setup/console-lines';

function logThrough(show: boolean) {
  const printed: unknown[][] = [];
  const recorded: string[] = [];
  const log = recordingConsole((...args) => printed.push(args), {
    record: (line) => recorded.push(line),
    show,
  });
  return { log, printed, recorded };
}

it('records every line but prints nothing unless TEST_CONSOLE=1 asks', () => {
  const { log, printed, recorded } = logThrough(false);

  log('delivery ignored, event %s was already fired.', 'evt_1');

  expect(recorded).toEqual(['delivery ignored, event evt_1 was already fired.']);
  expect(printed).toEqual([]);
});

it('when shown, a line names its real caller (this file), not the wrapper', () => {
  const { log, printed } = logThrough(true);

  log('hello');

  expect(printed).toHaveLength(1);
  expect(String(printed[0]?.[0])).toMatch(
    /^hello\n {4}\(at .*console-lines\.test\.ts:\d+:\d+\)\)$/,
  );
});
