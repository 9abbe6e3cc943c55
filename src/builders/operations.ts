/**
 * An object's operations, by role, as its folder lists them (`src/<object>/index.ts`), and the
 * app's tables built from every folder's lists: each operation under its own key.
 */
export interface ObjectOperations {
  readonly triggers: readonly { readonly key: string }[];
  readonly creates: readonly { readonly key: string }[];
  readonly searches: readonly { readonly key: string }[];
  readonly searchOrCreates: readonly { readonly key: string }[];
}

type Role = keyof ObjectOperations;
/** `{ [key]: operation }`, each operation typed as it was defined. */
type ByKey<O extends { readonly key: string }> = { [Op in O as Op['key']]: Op };
type OperationOf<F extends readonly ObjectOperations[], R extends Role> = F[number][R][number];

/** The operations of one role across every folder, keyed; a key used twice is a mistake. */
export function operationsByKey<F extends readonly ObjectOperations[], R extends Role>(
  folders: F,
  role: R,
): ByKey<OperationOf<F, R>> {
  const table: Record<string, unknown> = {};
  for (const operation of folders.flatMap((folder) => folder[role])) {
    if (Object.hasOwn(table, operation.key))
      throw new Error(`Two ${role} use the key ${operation.key}.`);
    table[operation.key] = operation;
  }
  return table as ByKey<OperationOf<F, R>>;
}
