import { COMPONENT } from './component-of.js';

/** An AWS SDK v3 client, structurally: enough to add one middleware. */
interface MiddlewareClient {
  middlewareStack: {
    add(
      middleware: (next: (args: any) => Promise<any>) => (args: any) => Promise<any>,
      options: { step: 'initialize'; name?: string },
    ): void;
  };
}

function tag(err: unknown, component: string): unknown {
  if (err && typeof err === 'object' && !(COMPONENT in err) && Object.isExtensible(err)) {
    Object.defineProperty(err, COMPONENT, { value: component, enumerable: false });
  }
  return err;
}

/**
 * Marks every error that comes out of `target` with the component it belongs to, so a CLI can say
 * "S3: cannot reach the server" rather than guess from an error code. An AWS SDK v3 client gets a
 * middleware on its outermost step (after retries, credential and endpoint resolution); any other
 * object is wrapped so its methods' throws and rejections are tagged. Returns `target` (the client)
 * or the wrapper.
 */
export function tagComponent<T extends object>(target: T, component: string): T {
  const client = target as Partial<MiddlewareClient>;
  if (client.middlewareStack && typeof client.middlewareStack.add === 'function') {
    client.middlewareStack.add(
      (next) => async (args) => {
        try {
          return await next(args);
        } catch (err) {
          throw tag(err, component);
        }
      },
      { step: 'initialize', name: `tripstreamComponent${component}` },
    );
    return target;
  }
  return new Proxy(target, {
    get(obj, key) {
      const value = Reflect.get(obj, key, obj);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        let result: unknown;
        try {
          result = value.apply(obj, args);
        } catch (err) {
          throw tag(err, component);
        }
        return result instanceof Promise
          ? result.catch((err: unknown) => Promise.reject(tag(err, component)))
          : result;
      };
    },
  });
}
