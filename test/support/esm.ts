/**
 * Loading an ESM-only package (oauth4webapi) from a jest suite, which runs as CommonJS.
 *
 * A plain `await import('oauth4webapi')` fails under jest unless node runs with
 * `--experimental-vm-modules`, and jest's `require` refuses ES modules on Node 22. Without touching
 * the jest configuration, we compile one tiny function with Node's own `vm` module and tell it to use
 * Node's default ESM loader for its `import()`: the package is then loaded natively, exactly as in an
 * application (in Node's main realm, with Node's own `fetch`, `URL` and `Response`). Node prints an
 * ExperimentalWarning for `vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER`; that is expected.
 */
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';

type NativeImport = (specifier: string) => Promise<unknown>;

let nativeImport: NativeImport | undefined;

export async function importEsm<T>(specifier: string): Promise<T> {
  nativeImport ??= new vm.Script('(specifier) => import(specifier)', {
    filename: __filename,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  }).runInThisContext() as NativeImport;
  // Resolve with jest's resolver so the package is the project's, then load it natively.
  return (await nativeImport(pathToFileURL(require.resolve(specifier)).href)) as T;
}
