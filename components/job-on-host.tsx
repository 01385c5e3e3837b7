// A job in one line: its kind, linking to the job's page, the host it runs on and its state. The
// parent lays it out (a dialog's job box, a finished-job note) and adds what it needs around it.
import Link from "next/link";
import { JobStateBadge } from "@/components/job-state-badge";

export function JobOnHost({ job }: { job: { id: string; kind: string; hostName: string; state: string } }) {
  return (
    <>
      <Link href={`/jobs/${job.id}`} className="font-mono underline underline-offset-2">
        {job.kind}
      </Link>
      <span className="text-muted">on {job.hostName}</span>
      <JobStateBadge state={job.state} />
    </>
  );
}
