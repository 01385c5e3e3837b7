import "server-only";
// Job wake-ups between console processes on one PostgreSQL database (LISTEN/NOTIFY). Several
// consoles behind a load balancer each hold waiters: an agent's claim long-poll, `iiadm -w`, the
// runbook driver. A job queued or ended through one of them is announced here, and every other
// process wakes its own waiters at once instead of at their next poll. The polls stay: a
// notification is a hint, and one lost while a connection was down costs a poll interval, never a
// missed job (the database is the truth).
//
// Each process keeps one dedicated connection for LISTEN, outside Prisma's pool (a pooled
// connection goes back to the pool and stops listening), and publishes on the same connection.
import { randomUUID } from "node:crypto";
import pg from "pg";

const CHANNEL = "pitcrew_job_events";
/** Reconnect back-off after the listening connection drops, doubling up to the maximum. */
const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 10_000;

export interface JobNotifications {
  /** Tells every other process listening on this database; dropped if the connection is down. */
  publish(event: string): void;
  close(): Promise<void>;
}

export interface JobNotificationsOptions {
  url: string;
  /** Called with each event another process published, and with "*" after a reconnect. */
  deliver: (event: string) => void;
  /** Connection trouble, for the console's log; the default is console.warn. */
  warn?: (message: string) => void;
}

/**
 * Listens at once and keeps listening across dropped connections. After a reconnect it delivers
 * "*": notifications sent while it was away are lost, so every waiter should look again.
 */
export function startJobNotifications({
  url,
  deliver,
  warn = (m) => console.warn(m),
}: JobNotificationsOptions): JobNotifications {
  const self = randomUUID();
  let client: pg.Client | null = null;
  let connected = false;
  let closed = false;
  let delay = RECONNECT_MIN_MS;
  let timer: NodeJS.Timeout | null = null;
  let everConnected = false;

  const reconnectLater = () => {
    connected = false;
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, delay);
    timer.unref();
    delay = Math.min(delay * 2, RECONNECT_MAX_MS);
  };

  const connect = async () => {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
    client = c;
    c.on("notification", (message) => {
      const payload = message.payload ?? "";
      const bar = payload.indexOf("|");
      if (bar < 0 || payload.slice(0, bar) === self) return; // our own: already delivered in-process
      deliver(payload.slice(bar + 1));
    });
    c.on("error", (error) => {
      warn(`job notifications: the listening connection failed (${error.message}); reconnecting`);
      reconnectLater();
    });
    c.on("end", reconnectLater);
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      warn(`job notifications: cannot listen (${(error as Error).message}); waiters fall back to polling`);
      await c.end().catch(() => {});
      reconnectLater();
      return;
    }
    if (closed) {
      await c.end().catch(() => {});
      return;
    }
    connected = true;
    delay = RECONNECT_MIN_MS;
    if (everConnected) deliver("*");
    everConnected = true;
  };

  void connect();
  return {
    publish(event) {
      if (!connected || !client) return;
      client.query("SELECT pg_notify($1, $2)", [CHANNEL, `${self}|${event}`]).catch(() => {
        // The connection is going down; its "error"/"end" handler reconnects. Waiters poll.
      });
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await client?.end().catch(() => {});
    },
  };
}
