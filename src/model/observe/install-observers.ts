/**
 * Operation events for every public method of models and collections, installed once per class
 * on its prototype — never per instance, never per call — so that a method added to an entity
 * later is observed without anyone listing it.
 *
 * The rule: every function-valued data property of each prototype from the entity's class up to
 * and including the base (BaseCollection / BaseModel) is wrapped, except `constructor`; getters
 * such as `entityName` are accessors, not data properties, and stay as they are. At run time a
 * wrapped call on a DataAccess without `onEvent` goes straight to the method. With a listener,
 * the call runs in an operation scope, and is an operation only if it returns a promise: the
 * synchronous methods (`get…`/`set…` accessors, `toJSON`, `hasChanges`, `getId`, `isActive`, …)
 * return a value and emit nothing; protected helpers (`insert`, `write`, `queryModels`, …) only
 * ever run inside a public method, whose scope they join. A call made inside another operation of
 * the same DataAccess is part of it: one event, the outermost.
 */
import type { EntityBinding } from '../binding.js';
import { BINDING } from '../binding.js';
import type { OperationObserver } from '../../store/context.js';

type Method = (this: unknown, ...args: unknown[]) => unknown;

/** The wrappers made here: a prototype walked twice (a base shared by many entities) is wrapped once. */
const wrappers = new WeakSet<Method>();

function bindingOf(target: unknown): EntityBinding | undefined {
  return typeof target === 'object' && target !== null ? (target as { [BINDING]?: EntityBinding })[BINDING] : undefined;
}

/**
 * Runs `call` as the operation `<entity>.<name>` of the DataAccess `target` (a model or collection)
 * belongs to — for the few public methods that live outside the model and collection classes (an
 * idempotency claim's, the DataAccess's own). Without a listener it is just `call()`.
 */
export function observeCall<T>(target: unknown, name: string, call: () => T, entity?: string): T {
  const binding = bindingOf(target);
  if (binding === undefined) return call();
  const owner = entity ?? binding.schema.entityName;
  return asOperation(binding.context.observer, `${owner}.${name}`, owner, call);
}

/** Runs `call` as the operation `operation` of `entity` when `observer` listens; otherwise just `call()`. */
export function asOperation<T>(observer: OperationObserver | undefined, operation: string, entity: string, call: () => T): T {
  return observer === undefined ? call() : observer.operation(operation, entity, call);
}

function observed(name: string, method: Method): Method {
  const wrapper: Method = function (this: unknown, ...args: unknown[]) {
    // The common case (no listener) costs one property read and no closure.
    if (bindingOf(this)?.context.observer === undefined) return method.apply(this, args);
    return observeCall(this, name, () => method.apply(this, args));
  };
  // Stack traces and `fn.name` keep naming the method, not the wrapper.
  Object.defineProperty(wrapper, 'name', { value: method.name, configurable: true });
  wrappers.add(wrapper);
  return wrapper;
}

/**
 * Wraps the methods of `prototype` and of each prototype above it, up to and including `base`
 * (or up to `Object.prototype` when `base` is not on the chain). Safe to call again: wrapped
 * methods are recognised and left alone, methods installed since are wrapped.
 */
export function installObservers(prototype: object, base: object): void {
  for (let current: object | null = prototype; current !== null && current !== Object.prototype; current = Object.getPrototypeOf(current) as object | null) {
    for (const name of Object.getOwnPropertyNames(current)) {
      if (name === 'constructor') continue;
      const descriptor = Object.getOwnPropertyDescriptor(current, name) as PropertyDescriptor;
      const value: unknown = descriptor.value;
      if (typeof value !== 'function' || wrappers.has(value as Method) || descriptor.writable !== true || descriptor.configurable !== true) continue;
      Object.defineProperty(current, name, { ...descriptor, value: observed(name, value as Method) });
    }
    if (current === base) return;
  }
}

/** True when `method` is a wrapper {@link installObservers} made (tests check that nothing was missed). */
export function isObserved(method: unknown): boolean {
  return typeof method === 'function' && wrappers.has(method as Method);
}
