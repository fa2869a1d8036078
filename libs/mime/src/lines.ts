const LF = 0x0a;
const CR = 0x0d;

/** A line of `source` starting at `start`: where its content ends (before CR LF / LF) and where the next line starts. */
export interface Line {
  contentEnd: number;
  next: number;
}

/** Mail in the wild mixes CR LF and bare LF, so both end a line. */
export function lineAt(source: Buffer, start: number, end: number): Line {
  const found = source.subarray(start, end).indexOf(LF);
  const lf = found === -1 ? -1 : start + found;
  if (lf === -1) {
    const contentEnd = end > start && source[end - 1] === CR ? end - 1 : end;
    return { contentEnd, next: end };
  }
  const contentEnd = lf > start && source[lf - 1] === CR ? lf - 1 : lf;
  return { contentEnd, next: lf + 1 };
}

/** Where the content before the line starting at `lineStart` ends, its line break excluded (not before `floor`). */
export function endBeforeLineBreak(source: Buffer, lineStart: number, floor: number): number {
  let end = lineStart;
  if (end > floor && source[end - 1] === LF) end--;
  if (end > floor && source[end - 1] === CR) end--;
  return end;
}
