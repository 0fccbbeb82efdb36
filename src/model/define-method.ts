/** Adds a generated method to a prototype unless the class (or a base) already has that name. */
export function defineMethod(prototype: object, name: string, method: (...args: never[]) => unknown): void {
  if (name in prototype) return;
  Object.defineProperty(prototype, name, { value: method, writable: true, configurable: true, enumerable: false });
}
