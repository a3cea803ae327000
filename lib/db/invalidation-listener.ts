import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { logger } from "@/lib/logger";
import { applyInvalidation, clearHotCaches } from "./hot-cache";

/**
 * Each instance listens for the invalidations other instances announce (see invalidation.ts). On
 * PostgreSQL that is one dedicated connection on LISTEN, which reconnects with backoff and then empties
 * every cache, since messages sent while it was away are lost. PGlite belongs to one process and delivers
 * its notifications in-process, through the same handler.
 */

export const INVALIDATION_CHANNEL = "gatehouse_invalidate";
/** How the listener's connection names itself in pg_stat_activity. */
export const LISTENER_APPLICATION_NAME = "gatehouse-invalidation-listener";

export const invalidationMessage = (kind: string, id: string) => `${kind}:${id}`;

/** Parses a message; null when it is not one of ours. */
export function parseInvalidationMessage(message: string): { kind: string; id: string } | null {
  const colon = message.indexOf(":");
  if (colon <= 0) return null;
  return { kind: message.slice(0, colon), id: message.slice(colon + 1) };
}

export interface InvalidationListener {
  /** How many times it has started listening (1 after opening, one more after each reconnection). */
  readonly sessions: number;
  close(): Promise<void>;
}

function receive(payload: string | undefined): void {
  const parsed = payload ? parseInvalidationMessage(payload) : null;
  if (parsed) applyInvalidation(parsed.kind, parsed.id);
}

export async function listenOnPglite(pglite: PGlite): Promise<InvalidationListener> {
  const unsubscribe = await pglite.listen(INVALIDATION_CHANNEL, receive);
  return { sessions: 1, close: unsubscribe };
}

const RECONNECT_BASE_MS = 100;
const RECONNECT_CAP_MS = 5_000;

/** Listens on a connection of its own; resolves once the first LISTEN is in place. */
export async function listenOnPostgres(connectionString: string): Promise<InvalidationListener> {
  let client: pg.Client | null = null;
  let closed = false;
  let sessions = 0;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;

  const connect = async () => {
    const candidate = new pg.Client({ connectionString, application_name: LISTENER_APPLICATION_NAME, keepAlive: true });
    candidate.on("notification", (message) => {
      if (message.channel === INVALIDATION_CHANNEL) receive(message.payload);
    });
    // Without a handler, a terminated backend would crash the process; 'end' follows and reconnects.
    candidate.on("error", (error) => logger.warn("invalidation listener connection failed", { error: error.message }));
    candidate.on("end", () => {
      // Only a session that was listening reconnects; a failed attempt is retried by whoever made it.
      if (client !== candidate) return;
      client = null;
      if (!closed) scheduleReconnect();
    });
    try {
      await candidate.connect();
      await candidate.query(`LISTEN ${INVALIDATION_CHANNEL}`);
    } catch (error) {
      await candidate.end().catch(() => undefined);
      throw error;
    }
    if (closed) {
      await candidate.end().catch(() => undefined);
      return;
    }
    client = candidate;
    // Whatever was announced while nobody listened is unknown: start over from the database.
    clearHotCaches();
    sessions += 1;
    if (failures > 0) logger.info("invalidation listener reconnected", { attempts: failures });
    failures = 0;
  };

  const scheduleReconnect = () => {
    if (closed || timer) return;
    const delay = Math.min(RECONNECT_CAP_MS, RECONNECT_BASE_MS * 2 ** failures) * (0.5 + Math.random() / 2);
    failures += 1;
    timer = setTimeout(() => {
      timer = undefined;
      connect().catch((error: unknown) => {
        logger.warn("invalidation listener could not reconnect", { error: error instanceof Error ? error.message : String(error), attempts: failures });
        scheduleReconnect();
      });
    }, delay);
    timer.unref();
  };

  await connect();
  return {
    get sessions() {
      return sessions;
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await client?.end().catch(() => undefined);
      client = null;
    },
  };
}
