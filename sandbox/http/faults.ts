/** Injected faults (`POST /_sandbox/faults`): the next matching requests fail on purpose. */
import { randomId } from '../ids';

export interface FaultSpec {
  method: string;
  path: string;
  times: number;
  status?: number;
  headers: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
  delayMs?: number;
  drop: boolean;
  malformed: boolean;
}

export interface Fault extends FaultSpec {
  id: string;
}

/** `path` matches exactly, or by prefix when it ends with `*`. */
function pathMatches(pattern: string, path: string): boolean {
  return pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : pattern === path;
}

export class FaultRegistry {
  private faults: Fault[] = [];

  add(spec: FaultSpec): string {
    const id = randomId('flt');
    this.faults.push({ ...spec, method: spec.method.toUpperCase(), id });
    return id;
  }

  clear(): void {
    this.faults = [];
  }

  /** The first fault matching the request, counted as used once. */
  take(method: string, path: string): Fault | undefined {
    const fault = this.faults.find(
      (candidate) => candidate.method === method.toUpperCase() && pathMatches(candidate.path, path),
    );
    if (!fault) return undefined;
    fault.times -= 1;
    if (fault.times <= 0) this.faults = this.faults.filter((candidate) => candidate !== fault);
    return fault;
  }
}

/** Timers for injected delays, cancellable all at once so that `close()` never waits on them. */
export class DelayTimers {
  private readonly pending = new Map<NodeJS.Timeout, () => void>();

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        resolve();
      }, ms);
      this.pending.set(timer, resolve);
    });
  }

  cancelAll(): void {
    for (const [timer, resolve] of this.pending) {
      clearTimeout(timer);
      resolve();
    }
    this.pending.clear();
  }
}
