import "server-only";
// What a new password must be (docs/security.md, "Password policy"). Applied wherever a password is
// set: users created by an admin (create-user.ts) and PITCREW_ADMIN_PASSWORD (ensure-admin-user.ts).
// Existing passwords are not re-checked at sign-in: the rule is for what we accept from now on.
//
// - At least 12 characters. Sign-in throttling stops online guessing; the length is for the day
//   the database (argon2id hashes) leaks: every extra character multiplies an offline search, and
//   12 is where NIST SP 800-63B's and OWASP's advice for a password-only login meet. A passphrase
//   of three words passes it easily.
// - Not easy to guess, as zxcvbn rates it: score 3 of 4 or more (10^8 guesses or more). zxcvbn knows
//   the most common leaked passwords, names and English words, keyboard walks, dates, repeats and
//   l33t spellings, so "password1234" and "qwertyuiop123" are refused however long they are. Its
//   dictionaries ship inside the npm packages: nothing is fetched at run time.
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as english from "@zxcvbn-ts/language-en";

export const MIN_PASSWORD_LENGTH = 12;
export const MIN_PASSWORD_SCORE = 3;

let factory: ZxcvbnFactory | undefined;

function zxcvbn(): ZxcvbnFactory {
  // Built on first use: the dictionaries take a moment and some memory to load.
  return (factory ??= new ZxcvbnFactory({
    translations: english.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...english.dictionary },
  }));
}

/**
 * Null when `password` may be set; otherwise why not, without the field name (the caller adds it,
 * e.g. "password: …" or "PITCREW_ADMIN_PASSWORD: …"). `context` (the user name, "pitcrew") counts
 * as known to a guesser.
 */
export function passwordProblem(password: string, context: readonly string[] = []): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  const result = zxcvbn().check(password, ["pitcrew", "console", ...context]);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const why = result.feedback.warning ? ` (${result.feedback.warning.replace(/\.$/, "").toLowerCase()})` : "";
  return `too easy to guess${why}: use a longer passphrase, e.g. three or four unrelated words`;
}
