import { Client, Connection } from '@temporalio/client';

export interface ClientOptions {
  address: string;
  namespace: string;
}

/**
 * A client whose connection is made on first use, so the HTTP server starts and answers 503 with
 * Retry-After while Temporal is away, rather than refusing to start.
 */
export function lazyClient({ address, namespace }: ClientOptions): Client {
  return new Client({ connection: Connection.lazy({ address, connectTimeout: '5s' }), namespace });
}
