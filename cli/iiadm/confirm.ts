// iiadm's confirmation prompt (check_action, docs/instant-image.md §1.1): skipped with -n or when
// stdin is not a terminal; "no" answers exit 1; anything unrecognised asks again.
import { createInterface } from "node:readline/promises";

export async function confirm(question: string, noPrompt: boolean): Promise<boolean> {
  if (noPrompt || !process.stdin.isTTY) return true;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    for (;;) {
      const answer = (await rl.question(`${question} (Y/N) [N]: `)).trim().toLowerCase();
      if (answer === "y" || answer === "yes") return true;
      if (answer === "" || answer === "n" || answer === "no") return false;
    }
  } finally {
    rl.close();
  }
}
