export interface DiffLine {
  op: 'same' | 'add' | 'del';
  text: string;
}

// Above this many LCS cells the middle is shown as removed-then-added: still correct, just coarse.
const MAX_CELLS = 2_000_000;

/** A line diff of two texts (longest common subsequence after trimming the shared ends). */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before.split(/\r?\n/);
  const b = after.split(/\r?\n/);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const head = a.slice(0, start).map((text) => ({ op: 'same' as const, text }));
  const tail = a.slice(endA).map((text) => ({ op: 'same' as const, text }));
  return [...head, ...middle(a.slice(start, endA), b.slice(start, endB)), ...tail];
}

function middle(a: string[], b: string[]): DiffLine[] {
  const del = (text: string): DiffLine => ({ op: 'del', text });
  const add = (text: string): DiffLine => ({ op: 'add', text });
  if (a.length === 0 || b.length === 0 || a.length * b.length > MAX_CELLS) return [...a.map(del), ...b.map(add)];
  // lcs[i][j]: length of the common subsequence of a[i..] and b[j..].
  const w = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * w);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * w + j] = a[i] === b[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ op: 'same', text: a[i] });
      i++;
      j++;
    } else if (lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) out.push(del(a[i++]));
    else out.push(add(b[j++]));
  }
  return [...out, ...a.slice(i).map(del), ...b.slice(j).map(add)];
}

export interface Segment {
  text: string;
  hit: boolean;
}

/** Splits a text so the view can mark the blocked terms in it (each part still escaped by the view). */
export function highlight(text: string, terms: string[]): Segment[] {
  const usable = terms.filter((t) => t.length > 0).sort((x, y) => y.length - x.length);
  if (!text || usable.length === 0) return [{ text, hit: false }];
  const re = new RegExp(`(${usable.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'gi');
  return text
    .split(re)
    .filter((part) => part.length > 0)
    .map((part) => ({ text: part, hit: usable.some((t) => t.toLowerCase() === part.toLowerCase()) }));
}

/** The stored "a, b" list of spam matches as terms. */
export function spamTerms(stored: string | null): string[] {
  return stored
    ? stored
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}
