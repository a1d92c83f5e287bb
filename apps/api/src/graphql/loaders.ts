import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * The per-operation loader sets, by feature: `ctx.loaders.people`,
 * `ctx.loaders.feed`, … Each feature declares its set here by augmenting
 * this interface from its own loaders file and registers the factory that
 * builds it (`registerLoaders`), so this module, and the context built on
 * it, import no feature: nothing runs back up from a feature's loaders
 * through its service to the context and down again.
 */
export interface Loaders {}

/** What a feature's loader factory gets: the operation's EntityManager and who is asking. */
export interface LoaderScope {
  em: EntityManager;
  viewerId: string | null;
}

type Factory = (scope: LoaderScope) => unknown;
const factories = new Map<string, Factory>();
/** The getters every loader set shares; rebuilt when a feature registers. */
let prototype: object | null = null;
const SCOPE = Symbol('loader scope');

/** A feature's loaders: built on first use in each operation, never before. */
export function registerLoaders<K extends keyof Loaders>(name: K, factory: (scope: LoaderScope) => Loaders[K]): void {
  factories.set(name, factory);
  prototype = null;
}

function loadersPrototype(): object {
  if (prototype) return prototype;
  const getters = {};
  for (const [name, factory] of factories) {
    Object.defineProperty(getters, name, {
      enumerable: true,
      get(this: { [SCOPE]: () => LoaderScope }) {
        const set = factory(this[SCOPE]());
        builtLoaderSets.count++;
        Object.defineProperty(this, name, { value: set, enumerable: true });
        return set;
      },
    });
  }
  return (prototype = getters);
}

/**
 * One operation's loaders. Nothing is built until a resolver reads a set:
 * an operation that needs none (`{ viewer { id } }`) builds none, and does
 * not even fork an EntityManager (`em` may be a function called then).
 */
export function createLoaders(em: EntityManager | (() => EntityManager), viewer: { person: { id: string } } | null): Loaders {
  const loaders = Object.create(loadersPrototype()) as Loaders & { [SCOPE]: () => LoaderScope };
  loaders[SCOPE] = () => ({ em: typeof em === 'function' ? em() : em, viewerId: viewer?.person.id ?? null });
  return loaders;
}

/** How many feature loader sets this process has built: tests read it to see that an operation built none. */
export const builtLoaderSets = { count: 0 };

/**
 * A DataLoader that answers a primed key at once (`ready`), not through a
 * promise. graphql-js completes a field whose resolver returns a value in the
 * same tick; a promise costs the promise, a microtask, and for the object
 * around it a wait on all its fields. A page read set-based and primed (the
 * feed: about 700 such fields on 20 items) then executes without awaiting
 * anything; a key nobody primed loads in its batch as ever.
 */
export class Loader<K, V> extends DataLoader<K, V> {
  /** Keys DataLoader holds, loaded or primed: priming one of them changes nothing, there as here. */
  readonly #held = new Set<K>();
  readonly #primed = new Map<K, V>();

  override load(key: K): Promise<V> {
    this.#held.add(key);
    return super.load(key);
  }

  override prime(key: K, value: V | PromiseLike<V> | Error): this {
    if (!this.#held.has(key)) {
      this.#held.add(key);
      if (!(value instanceof Error) && !isPromiseLike(value)) this.#primed.set(key, value);
    }
    return super.prime(key, value);
  }

  override clear(key: K): this {
    this.#held.delete(key);
    this.#primed.delete(key);
    return super.clear(key);
  }

  override clearAll(): this {
    this.#held.clear();
    this.#primed.clear();
    return super.clearAll();
  }

  /** The primed value itself, else the load's promise. */
  ready(key: K): V | Promise<V> {
    return this.#primed.has(key) ? this.#primed.get(key)! : this.load(key);
  }
}

/** `next(value)` now if the value is here, else once it arrives: a resolver built on `ready` stays synchronous when it can. */
export function whenReady<T, U>(value: T | Promise<T>, next: (value: T) => U | Promise<U>): U | Promise<U> {
  return isPromiseLike(value) ? Promise.resolve(value).then(next) : next(value);
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
