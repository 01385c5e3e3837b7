// Keeps the agent's reports to the console in the order they were made. A heartbeat's inventory
// collected while a job ran must not reach the console after that job's finish: the console
// trusts the newest report it received after a job ended to say how the job left the host
// (server/storage/report-freshness.ts), and `iiadm -w` exits 0 on it. Two requests in flight on
// two connections can arrive in either order, so a heartbeat holds the lane from collecting its
// inventory until the console has answered, and a finish waits for it (and the reverse).
export class ReportLane {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(report: () => Promise<T>): Promise<T> {
    const result = this.tail.then(report, report);
    this.tail = result.catch(() => {});
    return result;
  }
}
