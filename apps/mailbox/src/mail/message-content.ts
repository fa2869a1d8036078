import { Inject, Injectable } from '@nestjs/common';
import { DomainError, EmailAddress, ErrorCode, MessageMeta, MimePartInfo } from '@gw/contracts';
import { BlobStore } from '@gw/blob-store';
import { bodyContent, getPartContent, MimePart, normalizeSubject, parseMessage, ParsedMessage } from '@gw/mime';
import { BLOB_STORE } from '../infrastructure/tokens';

/** Raw messages larger than this are refused before parsing (Zimbra: zimbraMtaMaxMessageSize). */
export const MAX_MESSAGE_BYTES = 50 * 1024 * 1024;

function addresses(parsed: ParsedMessage): EmailAddress[] {
  const out: EmailAddress[] = [];
  if (parsed.from) out.push({ type: 'f', ...parsed.from });
  for (const a of parsed.to) out.push({ type: 't', ...a });
  for (const a of parsed.cc) out.push({ type: 'c', ...a });
  for (const a of parsed.bcc) out.push({ type: 'b', ...a });
  for (const a of parsed.replyTo) out.push({ type: 'r', ...a });
  if (parsed.sender) out.push({ type: 's', ...parsed.sender });
  return out;
}

function partInfo(p: MimePart): MimePartInfo {
  return {
    part: p.part,
    contentType: p.contentType,
    size: p.size,
    ...(p.filename ? { filename: p.filename } : {}),
    ...(p.disposition ? { disposition: p.disposition } : {}),
    ...(p.contentId ? { contentId: p.contentId } : {}),
    ...(p.isBody ? { isBody: true } : {}),
    ...(p.children?.length ? { children: p.children.map(partInfo) } : {}),
  };
}

/**
 * Message content: raw MIME lives in the blob store, content-addressed; this turns it into the
 * metadata an event carries, and into the parts GetMsg shows.
 */
@Injectable()
export class MessageContent {
  constructor(@Inject(BLOB_STORE) private readonly blobs: BlobStore) {}

  async raw(blob: string): Promise<Buffer> {
    try {
      return await this.blobs.get(blob);
    } catch {
      throw new DomainError(ErrorCode.INVALID_REQUEST, `invalid request: no uploaded content ${blob}`);
    }
  }

  async put(raw: Buffer): Promise<string> {
    return (await this.blobs.put(raw)).hash;
  }

  async meta(raw: Buffer): Promise<{ meta: MessageMeta; size: number }> {
    if (raw.length > MAX_MESSAGE_BYTES) throw new DomainError(ErrorCode.INVALID_REQUEST, `invalid request: message too large (${raw.length} bytes)`);
    const parsed = await parseMessage(raw);
    const meta: MessageMeta = {
      subject: parsed.subject,
      normalizedSubject: normalizeSubject(parsed.subject),
      fragment: parsed.fragment,
      bodyText: parsed.bodyText,
      addresses: addresses(parsed),
      references: parsed.references,
      hasAttachment: parsed.hasAttachment,
      ...(parsed.messageId ? { messageIdHeader: parsed.messageId } : {}),
      ...(parsed.inReplyTo ? { inReplyTo: parsed.inReplyTo } : {}),
      ...(parsed.date ? { sentDate: parsed.date.getTime() } : {}),
    };
    return { meta, size: raw.length };
  }

  /** The part tree, with the body's text inlined (HTML when asked and present). */
  async detail(raw: Buffer, opts: { html: boolean; headers: string[]; allHeaders: boolean }) {
    const parsed = await parseMessage(raw);
    const tree = partInfo(parsed.parts);
    const body = await bodyContent(raw, { html: opts.html });
    if (body) inlineBody(tree, body.part, body.text);
    const wanted = new Set(opts.headers.map((h) => h.toLowerCase()));
    const headers = parsed.headers.filter((h) => opts.allHeaders || wanted.has(h.name.toLowerCase()));
    return { mimeParts: tree, headers };
  }

  async part(raw: Buffer, part: string) {
    const found = await getPartContent(raw, part);
    if (!found) throw new DomainError(ErrorCode.NO_SUCH_PART, `no such part: ${part}`, { part });
    return found;
  }
}

function inlineBody(tree: MimePartInfo, part: string, text: string): boolean {
  if (tree.part === part) {
    tree.content = text;
    tree.isBody = true;
    return true;
  }
  return (tree.children ?? []).some((c) => inlineBody(c, part, text));
}
