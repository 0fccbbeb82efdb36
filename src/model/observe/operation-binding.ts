/**
 * How a running operation's scope reaches every request it makes — explicitly, without
 * AsyncLocalStorage (whose async hook, once enabled, costs every promise of the process: on
 * Node 20 that was most of what a listener cost). An operation works with copies of the bindings
 * whose `context` sends through its scope; there are two ways to get one:
 *
 * - While a public method's synchronous part runs (up to its first `await`), {@link entering} is
 *   its operation, and every binding read then (`[BINDING]` of any model or collection of the same
 *   DataAccess) is the operation's copy. Library methods take their binding there, at the start,
 *   and hand it down; public methods they call before their first `await` join the operation.
 * - Library code that goes on through public methods of collections after an `await` calls them
 *   on views: the collection object with the scope attached ({@link viewOf}). The library's own
 *   collections run every observed method on one ({@link runOnViews}); `removeOrganization` and
 *   the migrations hand theirs over; a scoped binding's `collection()` is a view too. A model
 *   method that goes on after an `await` re-enters its operation ({@link resumable}).
 *
 * A request sent with a DataAccess's own context while it has a recorder is in no event; the
 * recorder logs that once (`OperationRecorder.outsideOperation`), and the tests check it never
 * happens.
 */
import type { OperationRecorder } from '../../store/observe/operation-recorder.js';
import type { OperationScope } from '../../store/observe/operation-scope.js';
import type { EntityBinding } from '../binding.js';
import { entityBinding } from '../binding.js';

/** The operation whose synchronous part is running right now (one thread: nothing else runs meanwhile). */
let entering: OperationScope | undefined;

/** Marks a view: a collection object working inside one operation. */
const VIEW_SCOPE = Symbol('viewScope');

type Viewable = { readonly [VIEW_SCOPE]?: OperationScope };

function isRunningIn(scope: OperationScope | undefined, operations: OperationRecorder): scope is OperationScope {
  return scope !== undefined && scope.open && scope.recorder === operations;
}

/** The operation of `operations` running here: the one entering now, if it belongs to that DataAccess. */
export function enteringOperation(operations: OperationRecorder): OperationScope | undefined {
  return isRunningIn(entering, operations) ? entering : undefined;
}

/** Runs `call` (synchronously) as the part of `scope` that is running now. */
export function enter<T>(scope: OperationScope, call: () => T): T {
  const outer = entering;
  entering = scope;
  try {
    return call();
  } finally {
    entering = outer;
  }
}

/**
 * For a method that goes on after an `await` through other methods of its own model (a model is
 * never viewed): taken at the start, `within(call)` runs `call` as part of the operation the
 * method is in, whenever it is called. Without an operation it just calls.
 */
export function resumable(): <T>(call: () => T) => T {
  const scope = entering;
  return scope === undefined ? (call) => call() : (call) => (scope.open ? enter(scope, call) : call());
}

/** The binding `target` (a model or collection bound with `base`) works with now. */
export function bindingFor(target: object, base: EntityBinding): EntityBinding {
  const operations = base.context.operations;
  if (operations === undefined) return base;
  const scope = entering ?? (target as Viewable)[VIEW_SCOPE];
  return isRunningIn(scope, operations) ? scopedBinding(scope, base) : base;
}

/**
 * `base` inside `scope`: the same schema and adapter; requests counted in the operation; other
 * entities' bindings and collections reached through it stay in the operation. `hydrate` is
 * base's: the models an operation returns outlive it.
 */
export function scopedBinding(scope: OperationScope, base: EntityBinding): EntityBinding {
  return scope.derive(base, () =>
    entityBinding({
      schema: base.schema,
      adapter: base.adapter,
      context: scope.contextOf(base.context),
      hydrate: base.hydrate,
      resolve: (entityName: string) => scopedBinding(scope, base.resolve(entityName)),
      collection: () => viewOf(scope, base.collection()),
      scope,
    }),
  );
}

/** Collection classes whose methods run on views while observed (see {@link runOnViews}). */
const onViews = new WeakSet<object>();

/**
 * Lets the methods of these collection classes run on a view of the collection while an
 * operation runs, so that whatever they call after an `await` stays in the operation. Only for
 * classes that keep no state of their own on the instance and no `#private` members (a view is
 * another object): the library's entity collections. Other collections (an application's own)
 * run on themselves; what they call after an `await` is an operation of its own.
 */
export function runOnViews(...classes: readonly (abstract new (...args: never[]) => object)[]): void {
  for (const Class of classes) onViews.add(Class);
}

/** What a method of `target` runs on inside `scope`: a view of it when its class allows, else itself. */
export function receiverIn(scope: OperationScope, target: unknown): unknown {
  if (typeof target !== 'object' || target === null || (target as Viewable)[VIEW_SCOPE] === scope) return target;
  return onViews.has(target.constructor) ? viewOf(scope, target) : target;
}

/** `collection` working inside `scope` (its methods join the operation, whenever they are called). */
export function viewOf<C extends object>(scope: OperationScope, collection: C): C {
  return scope.derive(collection, () => Object.create(collection, { [VIEW_SCOPE]: { value: scope } }) as C);
}
