/*
 * The Utrecht components that have no package of their own (utrecht-*.tsx beside this file), with
 * the props and the markup (`utrecht-*` class names, ARIA) of @utrecht/component-library-react 14.
 * That bundle sets a `displayName` on every one of its hundred components, a statement that keeps
 * all of them in any page that imports one: about 58 kB gzipped in the first load. The styling
 * stays the design system's, from @utrecht/component-library-css; only the markup is ours. The
 * types come from the bundle (erased at build time), so a caller sees the same API. One file per
 * kind of component and no `displayName`, so a page loads only the kinds it uses.
 */

/** `clsx` for the few cases here: the names that are set, space-separated. */
export const cx = (...names: ReadonlyArray<string | false | null | undefined>): string => names.filter(Boolean).join(' ');
