/**
 * For a value the code has already made sure exists (a key of the map it iterates, an element of
 * a list it just checked the length of) but the type system cannot see it: the value, or a clear
 * error naming what was missing, instead of a silent `undefined` further on.
 */
export function defined<T>(value: T | undefined, what: string): T {
    if (value === undefined) throw new Error(`${what} is missing`);
    return value;
}
