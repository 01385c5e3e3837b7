// `pitcrew agent --config FILE`: runs the host agent (agent/main.ts) in this process. Copies the
// agent started may still be running in-process when it stops; exiting ends them, and the next
// start resumes them (resumeInterruptedCopies), as a reboot would.
import { main } from "@/agent/main";

export async function runAgent(argv: string[]): Promise<number> {
  const code = await main(argv);
  if (code === 0) process.exit(0);
  return code;
}
