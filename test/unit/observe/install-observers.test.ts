// Installing the operation events on prototypes: once per class, up to and including the base,
// methods added later picked up by the next install, accessors and the constructor untouched,
// and a call on an object without a binding (or a DataAccess without a listener) passed through.
import { expect } from 'chai';
import { BINDING } from '../../../src/model/binding.js';
import { installObservers } from '../../../src/model/observe/install-observers.js';
import type { OperationRecorder } from '../../../src/store/observe/operation-recorder.js';
import { OperationScope } from '../../../src/store/observe/operation-scope.js';

type Recorder = Pick<OperationRecorder, 'operation'>;

class Base {
  declare [BINDING]: unknown;
  baseMethod(): Promise<string> {
    return Promise.resolve('base');
  }
  get name(): string {
    return 'accessor';
  }
}
class Middle extends Base {
  middleMethod(): string {
    return 'middle';
  }
}
class Leaf extends Middle {
  leafMethod(value: number): Promise<number> {
    return Promise.resolve(value * 2);
  }
}

/** A recorder that records which operations it started. */
function observerRecording(): { observer: Recorder; calls: string[] } {
  const calls: string[] = [];
  const observer: Recorder = {
    operation: (operation, entity, call) => {
      calls.push(operation);
      return call(new OperationScope(operation, entity, observer as OperationRecorder));
    },
  };
  return { calls, observer };
}

function bound<T extends object>(target: T, operations: Recorder | undefined): T {
  Object.defineProperty(target, BINDING, { value: { schema: { entityName: 'Leaf' }, context: { operations } } });
  return target;
}

describe('observe/installObservers', function () {
  const baseMethod = Object.getOwnPropertyDescriptor(Base.prototype, 'baseMethod')?.value as unknown;

  before(function () {
    installObservers(Leaf.prototype, Middle.prototype);
  });

  it('wraps the methods from the class up to and including the base it is given', function () {
    expect(Object.getOwnPropertyDescriptor(Base.prototype, 'baseMethod')?.value).to.equal(baseMethod);
    const { observer, calls } = observerRecording();
    const leaf = bound(new Leaf(), observer);
    void leaf.leafMethod(1);
    leaf.middleMethod();
    void leaf.baseMethod();
    expect(calls).to.deep.equal(['Leaf.leafMethod', 'Leaf.middleMethod']);
  });

  it('keeps names, results and `this`; leaves accessors and constructors alone', async function () {
    expect(Leaf.prototype.leafMethod.name).to.equal('leafMethod');
    expect(Object.getOwnPropertyDescriptor(Leaf.prototype, 'constructor')?.value).to.equal(Leaf);
    expect(Object.getOwnPropertyDescriptor(Base.prototype, 'name')?.get).to.be.a('function');
    const leaf = bound(new Leaf(), observerRecording().observer);
    expect(await leaf.leafMethod(21)).to.equal(42);
    expect(leaf.middleMethod()).to.equal('middle');
  });

  it('wraps once, however often it is installed; a method added since is wrapped by the next install', function () {
    const before = Leaf.prototype.leafMethod;
    installObservers(Leaf.prototype, Middle.prototype);
    expect(Leaf.prototype.leafMethod).to.equal(before);
    Object.defineProperty(Leaf.prototype, 'addedLater', { value: () => Promise.resolve('later'), writable: true, configurable: true });
    installObservers(Leaf.prototype, Middle.prototype);
    const { observer, calls } = observerRecording();
    const leaf = bound(new Leaf(), observer) as Leaf & { addedLater(): Promise<string> };
    void leaf.addedLater();
    expect(calls).to.deep.equal(['Leaf.addedLater']);
  });

  it('leaves read-only methods alone and stops at Object.prototype when the base is not on the chain', function () {
    class Lone {
      method(): string {
        return 'lone';
      }
    }
    Object.defineProperty(Lone.prototype, 'frozen', { value: () => 'frozen', writable: false, configurable: false });
    const frozen = Object.getOwnPropertyDescriptor(Lone.prototype, 'frozen')?.value as unknown;
    const { toString } = Object.prototype;
    installObservers(Lone.prototype, Base.prototype);
    expect(Object.getOwnPropertyDescriptor(Lone.prototype, 'frozen')?.value).to.equal(frozen);
    expect(Object.prototype.toString).to.equal(toString);
    const { observer, calls } = observerRecording();
    expect(bound(new Lone(), observer).method()).to.equal('lone');
    expect(calls).to.deep.equal(['Leaf.method']);
  });

  it('calls straight through without a binding or without an observer', async function () {
    const { calls } = observerRecording();
    expect(await Leaf.prototype.leafMethod.call(undefined, 2)).to.equal(4);
    expect(await bound(new Leaf(), undefined).leafMethod(3)).to.equal(6);
    expect(await new Leaf().leafMethod(4)).to.equal(8);
    expect(calls).to.deep.equal([]);
  });
});
