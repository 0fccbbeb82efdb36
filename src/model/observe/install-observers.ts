/**
 * Operation events for every public method of models and collections, installed once per class
 * on its prototype — never per instance, never per call — so that a method added to an entity
 * later is observed without anyone listing it.
 *
 * The rule: every function-valued data property of each prototype from the entity's class up to
 * and including the base (EntityCollection / EntityModel) is wrapped, except `constructor`; getters
 * such as `entityName` are accessors, not data properties, and stay as they are. At run time a
 * wrapped call on a DataAccess without `onEvent` goes straight to the method. With a listener,
 * the call runs in an operation scope (see operation-binding.ts for how the scope reaches its
 * requests), and is an operation only if it returns a promise: the synchronous methods
 * (`get…`/`set…` accessors, `toJSON`, `hasChanges`, `getId`, `isActive`, …) return a value and
 * emit nothing; protected helpers (`insert`, `write`, `queryModels`, …) only
 * ever run inside a public method, whose scope they join. A call made inside another operation of
 * the same DataAccess — before that operation's first `await`, or on a view or binding it handed
 * down — is part of it: one event, the outermost.
 */
import type { EntityBinding } from '../binding.js';
import { BINDING } from '../binding.js';
import type { OperationRecorder } from '../../store/observe/operation-recorder.js';
import type { OperationScope } from '../../store/observe/operation-scope.js';
import { enter, enteringOperation, receiverIn, viewOf } from './operation-binding.js';

type Method = (this: unknown, ...args: unknown[]) => unknown;

/** Hands a collection over to the running operation (a view of it; the collection itself without one). */
export type InOperation = <C extends object>(collection: C) => C;

const asItIs: InOperation = (collection) => collection;

/**
 * The collections of a DataAccess (an object of them by entity name) handed over to an operation,
 * each on first read: a collection is made on its first use, and stays unmade if the operation
 * never reads it.
 */
export function everyCollectionIn<T extends object>(collections: T, inOperation: InOperation): T {
  if (inOperation === asItIs) return collections;
  const handed = {};
  for (const name of Object.keys(collections)) {
    Object.defineProperty(handed, name, { get: () => inOperation((collections as Record<string, object>)[name] as object), enumerable: true });
  }
  return handed as T;
}

/** The wrappers made here: a prototype walked twice (a base shared by many entities) is wrapped once. */
const wrappers = new WeakSet<Method>();

function bindingOf(target: unknown): EntityBinding | undefined {
  return typeof target === 'object' && target !== null ? (target as { [BINDING]?: EntityBinding })[BINDING] : undefined;
}

/**
 * Runs `call` as part of `running` when that operation is still open, otherwise as the new
 * operation `operation` of `operations`: one event, the outermost. Either way `call` runs as the
 * entering part of its operation.
 */
function joinOrStart<T>(running: OperationScope | undefined, operations: OperationRecorder, operation: string, entity: string, call: (scope: OperationScope) => T): T {
  if (running !== undefined && running.open) return enter(running, () => call(running));
  return operations.operation(operation, entity, (scope) => enter(scope, () => call(scope)));
}

/** How the code of an operation hands collections over to it: views carrying `scope`. */
export function handOverTo(scope: OperationScope): InOperation {
  return (collection) => viewOf(scope, collection);
}

/**
 * Runs `call` as the operation `<entity>.<name>` of the DataAccess `target` (a model or collection)
 * belongs to — for the few public methods that live outside the model and collection classes (an
 * idempotency claim's, the DataAccess's own). `call` gets the means to hand collections it goes on
 * with after an `await` over to the operation. Without a listener it is just `call()`.
 */
export function observeCall<T>(target: unknown, name: string, call: (inOperation: InOperation) => T, entity?: string): T {
  const binding = bindingOf(target);
  const operations = binding?.context.operations;
  if (binding === undefined || operations === undefined) return call(asItIs);
  const owner = entity ?? binding.schema.entityName;
  // A binding an operation handed down (binding.scope) joins that operation.
  return joinOrStart(binding.scope, operations, `${owner}.${name}`, owner, (scope) => call(handOverTo(scope)));
}

/**
 * Runs `call` as the operation `operation` of `entity` when `operations` records (or as part of
 * the one entering now); otherwise just `call(undefined)`. `call` gets the operation's scope, to
 * send with its context.
 */
export function asOperation<T>(operations: OperationRecorder | undefined, operation: string, entity: string, call: (scope: OperationScope | undefined) => T): T {
  if (operations === undefined) return call(undefined);
  return joinOrStart(enteringOperation(operations), operations, operation, entity, call);
}

function observed(name: string, method: Method): Method {
  const wrapper: Method = function (this: unknown, ...args: unknown[]) {
    const binding = bindingOf(this);
    const operations = binding?.context.operations;
    // The common case (no listener) costs one property read and no closure.
    if (binding === undefined || operations === undefined) return method.apply(this, args);
    const entity = binding.schema.entityName;
    return joinOrStart(binding.scope, operations, `${entity}.${name}`, entity, (scope) => method.apply(receiverIn(scope, this), args));
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
