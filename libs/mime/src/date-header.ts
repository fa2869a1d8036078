/**
 * The Date header as a Date, or undefined when it cannot be read. mailparser substitutes the
 * current time for an unreadable date; a parse must give the same result every time it runs
 * (events are replayed), so the header is read here instead.
 */
export function parseDateHeader(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  // Comments such as "(CEST)" are not part of the date.
  const date = new Date(value.replace(/\([^()]*\)/g, ' ').trim());
  return Number.isNaN(date.getTime()) ? undefined : date;
}
