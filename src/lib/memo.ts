/**
 * `fn` of one string, each answer kept: for the small pure functions a render calls hundreds of
 * times with the same arguments (a link per village, a date per card), whose arguments are the
 * same string objects from one request to the next (kept reads), so the lookup hashes nothing new.
 * Bounded: emptied when it holds `max` answers.
 */
export function memoized<T>(fn: (arg: string) => T, max = 10_000): (arg: string) => T {
  const answers = new Map<string, T>();
  return (arg) => {
    let answer = answers.get(arg);
    if (answer === undefined) {
      answer = fn(arg);
      if (answers.size >= max) answers.clear();
      answers.set(arg, answer);
    }
    return answer;
  };
}
