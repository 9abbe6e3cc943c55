/**
 * How operations name each other. Each object's folder holds its operations' keys
 * (`<object>.keys.ts`); an input names the dropdown trigger that fills it with
 * `dynamicDropdown(...)` and its search step with `searchFor(...)`, from those constants, so a
 * renamed key cannot leave a dangling `dynamic:` or `search:` string behind.
 */

/** A hidden polling trigger that fills dynamic dropdowns (each choice has `id` and `label`). */
export type DropdownTriggerKey = `${string}_list`;
/** A search; its key also keys its find-or-create. */
export type SearchKey = `find_${string}`;

/**
 * The `dynamic:` value of an input field picked from a dropdown trigger: the trigger's key, the
 * field Zapier stores (the Snapshots id) and the field the user reads, e.g. `location_list.id.label`.
 */
export const dynamicDropdown = <K extends DropdownTriggerKey>(trigger: K) =>
  `${trigger}.id.label` as const;

/**
 * The `search:` value of an id input: the search that finds the record and the output field
 * holding its id, e.g. `find_location.location_id` ("Add a Search Step" in the editor).
 */
export const searchFor = <K extends SearchKey, F extends string>(search: K, idField: F) =>
  `${search}.${idField}` as const;
