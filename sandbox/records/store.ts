/**
 * In-memory storage with the indexes the list endpoints need: records by id, a sorted index per
 * sortable timestamp (keyed on timestamp + id, so keyset pagination is a binary search) and a map
 * of external references. The newest page costs O(log n + page), whatever the table size.
 */
import { isJsonObject, type JsonObject } from '../json';

/** A position in a sorted index: the sort key (an ISO timestamp) and the record id. */
export interface IndexKey {
  readonly key: string;
  readonly id: string;
}

export type Direction = 'asc' | 'desc';

function compareKeys(a: IndexKey, b: IndexKey): number {
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

export class SortedIndex {
  private entries: IndexKey[] = [];

  insert(entry: IndexKey): void {
    this.entries.splice(this.firstAtOrAfter(entry), 0, entry);
  }

  remove(entry: IndexKey): void {
    const at = this.firstAtOrAfter(entry);
    const found = this.entries[at];
    if (found && compareKeys(found, entry) === 0) this.entries.splice(at, 1);
  }

  clear(): void {
    this.entries = [];
  }

  /**
   * Entries in `direction`, strictly after `after` when given, never below `min` (a key,
   * inclusive). Not safe against writes during the iteration; callers consume it synchronously.
   */
  *scan(direction: Direction, after?: IndexKey, min?: string): Generator<IndexKey> {
    const floor = min === undefined ? 0 : this.firstAtOrAfter({ key: min, id: '' });
    if (direction === 'asc') {
      const start = after ? this.firstAfter(after) : 0;
      for (let i = Math.max(start, floor); i < this.entries.length; i++) yield this.entries[i]!;
    } else {
      const start = after ? this.firstAtOrAfter(after) - 1 : this.entries.length - 1;
      for (let i = start; i >= floor; i--) yield this.entries[i]!;
    }
  }

  /** Index of the first entry ≥ `entry`. */
  private firstAtOrAfter(entry: IndexKey): number {
    return this.bisect((candidate) => compareKeys(candidate, entry) < 0);
  }

  /** Index of the first entry > `entry`. */
  private firstAfter(entry: IndexKey): number {
    return this.bisect((candidate) => compareKeys(candidate, entry) <= 0);
  }

  /** The first index whose entry is not `before`; entries are sorted, so `before` is a prefix. */
  private bisect(before: (candidate: IndexKey) => boolean): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (before(this.entries[middle]!)) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/** One stored record of a collection. `fields` holds the writable fields, defaults filled in. */
export interface StoredRecord {
  readonly id: string;
  readonly created_at: string;
  readonly last_updated: string;
  readonly version: number;
  readonly fields: JsonObject;
}

export type SortField = 'last_updated' | 'created_at';

export const externalRefsOf = (fields: JsonObject): Record<string, string> => {
  const refs = fields.external_refs;
  const result: Record<string, string> = {};
  if (!isJsonObject(refs)) return result;
  for (const [system, value] of Object.entries(refs)) {
    if (typeof value === 'string') result[system] = value;
  }
  return result;
};

const refKey = (system: string, externalId: string): string => `${system}:${externalId}`;

/** The records of one collection, with their indexes kept in step on every write. */
export class RecordTable {
  private readonly records = new Map<string, StoredRecord>();
  private readonly refs = new Map<string, string>();
  private readonly indexes: Record<SortField, SortedIndex> = {
    last_updated: new SortedIndex(),
    created_at: new SortedIndex(),
  };

  get(id: string): StoredRecord | undefined {
    return this.records.get(id);
  }

  /** The id of the record holding `system:externalId`, if any. */
  refOwner(system: string, externalId: string): string | undefined {
    return this.refs.get(refKey(system, externalId));
  }

  findByRef(system: string, externalId: string): StoredRecord | undefined {
    const owner = this.refOwner(system, externalId);
    return owner === undefined ? undefined : this.records.get(owner);
  }

  /** Inserts or replaces a record (same id), re-indexing it. */
  put(record: StoredRecord): void {
    const previous = this.records.get(record.id);
    if (previous) this.unindex(previous);
    this.records.set(record.id, record);
    this.index(record);
  }

  clear(): void {
    this.records.clear();
    this.refs.clear();
    for (const index of Object.values(this.indexes)) index.clear();
  }

  *scan(
    sortField: SortField,
    direction: Direction,
    after?: IndexKey,
    min?: string,
  ): Generator<StoredRecord> {
    for (const entry of this.indexes[sortField].scan(direction, after, min)) {
      const record = this.records.get(entry.id);
      if (record) yield record;
    }
  }

  private index(record: StoredRecord): void {
    this.indexes.last_updated.insert({ key: record.last_updated, id: record.id });
    this.indexes.created_at.insert({ key: record.created_at, id: record.id });
    for (const [system, value] of Object.entries(externalRefsOf(record.fields))) {
      this.refs.set(refKey(system, value), record.id);
    }
  }

  private unindex(record: StoredRecord): void {
    this.indexes.last_updated.remove({ key: record.last_updated, id: record.id });
    this.indexes.created_at.remove({ key: record.created_at, id: record.id });
    for (const [system, value] of Object.entries(externalRefsOf(record.fields))) {
      this.refs.delete(refKey(system, value));
    }
  }
}

/** An entry of an append-only log: a strictly increasing sequence and when it was appended. */
export interface Sequenced {
  readonly sequence: number;
  readonly atMs: number;
}

/**
 * An append-only log ordered by sequence (and so by time: the clock only moves forward), which
 * forgets entries older than its retention period.
 */
export class SequencedLog<T extends Sequenced> {
  private items: T[] = [];

  constructor(
    private readonly retentionMs: number,
    private readonly nowMs: () => number,
  ) {}

  append(item: T): void {
    this.items.push(item);
  }

  clear(): void {
    this.items = [];
  }

  /** Entries with `after < sequence < before`, in `direction`. */
  *scan(direction: Direction, after = 0, before = Number.POSITIVE_INFINITY): Generator<T> {
    this.forgetExpired();
    const first = this.firstAbove(after);
    const end =
      before === Number.POSITIVE_INFINITY ? this.items.length : this.firstAbove(before - 1);
    if (direction === 'asc') {
      for (let i = first; i < end; i++) yield this.items[i]!;
    } else {
      for (let i = end - 1; i >= first; i--) yield this.items[i]!;
    }
  }

  private forgetExpired(): void {
    const oldest = this.nowMs() - this.retentionMs;
    let expired = 0;
    while (expired < this.items.length && this.items[expired]!.atMs < oldest) expired++;
    if (expired > 0) this.items.splice(0, expired);
  }

  /** Index of the first entry whose sequence is greater than `sequence`. */
  private firstAbove(sequence: number): number {
    let low = 0;
    let high = this.items.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.items[middle]!.sequence <= sequence) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
