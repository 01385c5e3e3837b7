// POSIX getopt(3) as iiadm uses it (docs/instant-image.md §1.1): clustered flags (`-nc s`), option
// arguments attached (`-ds1`) or in the next word (even one starting with `-`, which is how
// `-g -L` works), `--` ends the options, and scanning stops at the first operand (no GNU
// permutation). The option string is asked for before every letter because iiadm switches
// from its single-mode to its group-mode string once `-g` has been parsed.

export interface GetoptResult {
  /** Index in argv of the first operand. */
  operandIndex: number;
  /** getopt's own complaints, in Solaris wording ("illegal option -- x"). */
  notes: string[];
}

/** Option letter → whether it takes an argument, from a getopt option string ("a:bc:"). */
export function optionTable(spec: string): ReadonlyMap<string, boolean> {
  const table = new Map<string, boolean>();
  for (let i = 0; i < spec.length; i++) {
    const takesArg = spec[i + 1] === ":";
    table.set(spec[i]!, takesArg);
    if (takesArg) i++;
  }
  return table;
}

/**
 * Calls `onOption` for each option in order (arg is null for flags). Unknown letters and a
 * missing final argument are reported in `notes`, as getopt returns '?' for both; scanning
 * goes on after an unknown letter and stops after a missing argument (nothing is left).
 */
export function getopt(
  argv: readonly string[],
  currentTable: () => ReadonlyMap<string, boolean>,
  onOption: (letter: string, arg: string | null) => void,
): GetoptResult {
  const notes: string[] = [];
  let index = 0;
  words: while (index < argv.length) {
    const word = argv[index]!;
    if (word === "--") return { operandIndex: index + 1, notes };
    if (!word.startsWith("-") || word === "-") break;
    index++;
    for (let pos = 1; pos < word.length; ) {
      const letter = word[pos++]!;
      const takesArg = currentTable().get(letter);
      if (takesArg === undefined) {
        notes.push(`illegal option -- ${letter}`);
      } else if (!takesArg) {
        onOption(letter, null);
      } else if (pos < word.length) {
        onOption(letter, word.slice(pos));
        continue words;
      } else if (index < argv.length) {
        onOption(letter, argv[index++]!);
        continue words;
      } else {
        notes.push(`option requires an argument -- ${letter}`);
      }
    }
  }
  return { operandIndex: index, notes };
}
