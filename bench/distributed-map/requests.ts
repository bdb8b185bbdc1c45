/** Counting the requests an SDK client sends, by service, for the distributed Map benchmark. */

/** An SDK v3 client: its middleware stack takes an `initialize` step. */
interface Counted {
  readonly middlewareStack: {
    add(
      middleware: (next: (args: unknown) => Promise<unknown>) => (args: unknown) => Promise<unknown>,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

/** Adds one to `counts[service]` for every request `client` sends (retries aside); returns the client. */
export function countRequests<C>(client: C, service: string, counts: Record<string, number>): C {
  (client as unknown as Counted).middlewareStack.add(
    (next) => async (args) => {
      counts[service] = (counts[service] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name: `count${service}Requests` },
  );
  return client;
}
