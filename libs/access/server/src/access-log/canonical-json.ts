export type CanonicalValue = string | number | boolean | null | CanonicalValue[] | { [key: string]: CanonicalValue };

/**
 * A JSON text that depends only on the value: object keys sorted by code unit, no whitespace.
 * The hash chain is recomputed years later, possibly by another program, so the form must not
 * depend on property insertion order or on a library's formatting choices.
 */
export const canonicalJson = (value: CanonicalValue): string => {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonicalJson: numbers must be finite');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys
      .map((key) => {
        const member = value[key];
        if (member === undefined) throw new TypeError(`canonicalJson: ${key} is undefined; use null`);
        return `${JSON.stringify(key)}:${canonicalJson(member)}`;
      })
      .join(',')}}`;
  }
  throw new TypeError(`canonicalJson: unsupported ${typeof value}`);
};
