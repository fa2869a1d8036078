/*
 * Subject normalization after Zimbra's ParsedMessage.normalize, which decides which messages
 * share a conversation: reply and forward prefixes, "(fwd)" trailers and whitespace runs do not
 * make a subject different.
 */

/** Zimbra's calendar reply prefixes, stripped like "Re:". */
const CALENDAR_PREFIXES = new Set([
  'Accept:',
  'Accepted:',
  'Decline:',
  'Declined:',
  'Tentative:',
  'Cancelled:',
  'CANCELLED:',
  'New Time Proposed:',
]);
/**
 * Any word of one to three letters before a colon is a reply/forward prefix in any language
 * (Re, Fw, Fwd, AW, WG, SV, VS, RV, ...), optionally counted: "Re(2):", "Re[3]:".
 */
const SHORT_PREFIX = /^\p{L}{1,3}(?:[([]\d+[)\]])?:$/u;
const FWD_TRAILER = '(fwd)';
/** Zimbra's DbMailItem.MAX_SUBJECT_LENGTH. */
const MAX_LENGTH = 1024;

/** The subject as a conversation shows it: prefixes gone, case kept. */
export function subjectWithoutPrefixes(subject: string): string {
  let normalized = trimPrefixes((subject ?? '').trim());
  // A mailing list tag stays, the prefixes after it go: "[dev] Re: build" -> "[dev] build".
  if (normalized.startsWith('[')) {
    const close = normalized.indexOf(']');
    if (close !== -1 && normalized.length > close + 1) {
      normalized = `${normalized.slice(0, close + 1)} ${trimPrefixes(normalized.slice(close + 1).trim())}`;
    }
  }
  return compressWhitespace(normalized).slice(0, MAX_LENGTH).trim();
}

/** The key that threads and sorts messages by subject: prefixes gone, lower case. */
export function normalizeSubject(subject: string): string {
  return subjectWithoutPrefixes(subject).toLowerCase();
}

function trimPrefixes(subject: string): string {
  for (;;) {
    while (subject.endsWith(FWD_TRAILER)) subject = subject.slice(0, -FWD_TRAILER.length).trim();
    if (subject.length === 0) return subject;
    // "[Re: topic]" is a prefixed subject in brackets.
    const braced = subject.startsWith('[');
    const colon = subject.indexOf(':');
    if (colon <= (braced ? 1 : 0)) return subject;
    const prefix = subject.slice(braced ? 1 : 0, colon + 1);
    if (!CALENDAR_PREFIXES.has(prefix) && !SHORT_PREFIX.test(prefix)) return subject;
    subject = (braced && subject.endsWith(']') ? subject.slice(colon + 1, -1) : subject.slice(colon + 1)).trim();
  }
}

/** Control characters and whitespace runs become one space. */
function compressWhitespace(text: string): string {
  return text.replace(/[\u0000-\u0020\u007f]+/g, ' ');
}
