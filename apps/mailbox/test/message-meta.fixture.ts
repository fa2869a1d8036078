// Parsed-message metadata for domain tests, without parsing any MIME.
import { MessageMeta } from '@gw/contracts';

export const meta = (subject: string, extra: Partial<MessageMeta> = {}): MessageMeta => ({
  subject,
  normalizedSubject: subject.replace(/^((re|fwd?):\s*)+/i, '').trim().toLowerCase(),
  fragment: '',
  bodyText: '',
  addresses: [],
  references: [],
  hasAttachment: false,
  ...extra,
});
