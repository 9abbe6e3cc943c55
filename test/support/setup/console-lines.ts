/**
 * The suite's console: every line is recorded (the secret scan reads them), and shown only when
 * TEST_CONSOLE=1 asks. A shown line names its real caller: jest would attribute every line to the
 * wrapper, and z.console's lines pass through core's logger first.
 */
import { format } from 'node:util';

export interface ConsoleOptions {
  record: (line: string) => void;
  show: boolean;
}

export function recordingConsole(
  print: (...args: unknown[]) => void,
  { record, show }: ConsoleOptions,
): (...args: unknown[]) => void {
  const wrapper = (...args: unknown[]) => {
    const line = format(...args);
    record(line);
    if (show) print(`${line}\n    (${callerOf(wrapper)})`);
  };
  return wrapper;
}

/** The first stack frame outside node_modules and Node's internals, above `fn`. */
function callerOf(fn: (...args: never[]) => unknown): string {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 30; // deep enough to get past core's logger
  Error.captureStackTrace(holder, fn);
  Error.stackTraceLimit = limit;
  const frames = holder.stack?.split('\n').slice(1) ?? [];
  const ours = frames.find((frame) => !/node_modules|\(node:/.test(frame)) ?? frames[0];
  return ours?.trim() ?? 'at an unknown caller';
}
