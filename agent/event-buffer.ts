// A job attempt's events (docs/agent-protocol.md, "Events"): numbered 1, 2, … in the order they happen, sent in
// batches at least once a second, and on failure sent again with the same numbers (the console
// inserts idempotently on jobId, attempt, seq), never renumbered.
import type { JobEvent } from "@/lib/agent-protocol";
import type { JobEventsResponse } from "./api-client";
import { setTimeout as sleep } from "node:timers/promises";

export type NewEvent = Omit<JobEvent, "seq" | "at">;

const MAX_BATCH = 500; // jobEventsRequestSchema's limit

export interface EventBufferOptions {
  send: (events: JobEvent[]) => Promise<JobEventsResponse>;
  /** Called with every response the console gave (cancelRequested, lease). */
  onResponse?: (res: JobEventsResponse) => void;
  onError?: (err: unknown) => void;
  flushEveryMs?: number;
  now?: () => number;
}

export class EventBuffer {
  private nextSeq = 1;
  private pending: JobEvent[] = [];
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly opts: EventBufferOptions) {}

  push(event: NewEvent): JobEvent {
    const full: JobEvent = { ...event, seq: this.nextSeq++, at: (this.opts.now ?? Date.now)() };
    if (full.message && full.message.length > 4000) full.message = full.message.slice(0, 4000);
    this.pending.push(full);
    return full;
  }

  get unsent(): readonly JobEvent[] {
    return this.pending;
  }

  /** Flushes on a timer; even with nothing pending, so the console can answer cancelRequested. */
  start(): void {
    this.timer ??= setInterval(() => void this.flush().catch(() => {}), this.opts.flushEveryMs ?? 1000);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Sends what is pending (one batch at a time); on failure the events stay for the next flush. */
  flush(): Promise<void> {
    this.flushing ??= this.sendAll().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async sendAll(): Promise<void> {
    do {
      const batch = this.pending.slice(0, MAX_BATCH);
      try {
        const res = await this.opts.send(batch);
        this.pending.splice(0, batch.length);
        this.opts.onResponse?.(res);
      } catch (err) {
        this.opts.onError?.(err);
        throw err;
      }
    } while (this.pending.length);
  }

  /** Final flush before finish: retries a few times; what still fails is dropped with an error. */
  async drain(attempts = 5, backoffMs = 500): Promise<void> {
    this.stop();
    for (let i = 1; ; i++) {
      try {
        await this.flush();
        if (!this.pending.length) return;
      } catch (err) {
        if (i >= attempts) throw err;
        await sleep(backoffMs * i);
      }
    }
  }
}
