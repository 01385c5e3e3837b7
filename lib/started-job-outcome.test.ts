import { describe, expect, it } from "vitest";
import { startedJobOutcome, outcomeOfJob } from "./started-job-outcome";
import { jobStates } from "./job-states";

const noRequest = { isRequestPending: false, requestError: null };
const job = (state: string, message?: string) => ({ state, error: message ? { code: "E", message } : null });

describe("outcomeOfJob", () => {
  it("calls only a succeeded job a success", () => {
    expect(outcomeOfJob(job("succeeded"))).toEqual({ status: "succeeded" });
    for (const state of jobStates.filter((s) => s !== "succeeded")) {
      expect(outcomeOfJob(job(state)).status).not.toBe("succeeded");
    }
  });

  it("reports failed, cancelled and interrupted jobs as ended without success, with the agent's reason", () => {
    expect(outcomeOfJob(job("failed", "disk group dg1 cannot be deported"))).toEqual({
      status: "unsuccessful",
      state: "failed",
      message: "disk group dg1 cannot be deported",
    });
    expect(outcomeOfJob(job("cancelled"))).toEqual({ status: "unsuccessful", state: "cancelled", message: null });
    expect(outcomeOfJob(job("interrupted", "agent went silent"))).toEqual({
      status: "unsuccessful",
      state: "interrupted",
      message: "agent went silent",
    });
  });

  it("keeps a queued or running job active, never finished", () => {
    expect(outcomeOfJob(job("queued"))).toEqual({ status: "active", state: "queued" });
    expect(outcomeOfJob(job("running"))).toEqual({ status: "active", state: "running" });
  });

  it("keeps following a state it does not know rather than call it finished or done", () => {
    expect(outcomeOfJob(job("paused"))).toEqual({ status: "active", state: "paused" });
    expect(outcomeOfJob(job("SUCCEEDED")).status).toBe("active");
  });
});

describe("startedJobOutcome", () => {
  it("is idle before anything is asked", () => {
    expect(startedJobOutcome({ ...noRequest, jobId: null, job: undefined })).toEqual({ status: "idle" });
  });

  it("is starting while the request is on its way and until the queued job is first read", () => {
    expect(startedJobOutcome({ isRequestPending: true, requestError: null, jobId: null, job: undefined })).toEqual({
      status: "starting",
    });
    expect(startedJobOutcome({ ...noRequest, jobId: "j1", job: undefined })).toEqual({ status: "starting" });
  });

  it("shows a refused request with its message", () => {
    expect(
      startedJobOutcome({
        isRequestPending: false,
        requestError: { message: "set /san/s1 is busy" },
        jobId: null,
        job: undefined,
      }),
    ).toEqual({ status: "refused", message: "set /san/s1 is busy" });
  });

  it("follows the job once it is read", () => {
    expect(startedJobOutcome({ ...noRequest, jobId: "j1", job: job("running") })).toEqual({
      status: "active",
      state: "running",
    });
    expect(startedJobOutcome({ ...noRequest, jobId: "j1", job: job("succeeded") })).toEqual({ status: "succeeded" });
    expect(startedJobOutcome({ ...noRequest, jobId: "j1", job: job("interrupted") }).status).toBe("unsuccessful");
  });
});
