import { Server as NetServer } from 'node:net';
import type { Server } from 'node:http';

const stopping = new WeakSet<Server>();

/**
 * Closes the listener gracefully. First one full turn of the event loop, so that connections the kernel has already
 * accepted into the listen backlog are taken: closing the listening socket resets those, and their clients, who
 * had connected and sent a request, would see ECONNRESET. Then the listener alone is closed (Node's http `close()`
 * would also destroy idle connections at once) and open connections get `graceMs` to send their request. The
 * caller then closes the app, which closes what is still idle and drains the rest.
 */
export async function stopAccepting(server: Server, graceMs: number): Promise<void> {
  if (!server.listening) return;
  stopping.add(server);
  // Two check phases apart means at least one whole poll phase between: the one that accepts what is queued.
  for (let i = 0; i < 2; i++) await new Promise((resolve) => setImmediate(resolve));
  NetServer.prototype.close.call(server);
  await new Promise((resolve) => setTimeout(resolve, graceMs));
}

/** True once `stopAccepting` ran: answers should close their connection so that no client reuses it. */
export function isStopping(server: Server): boolean {
  return stopping.has(server);
}
