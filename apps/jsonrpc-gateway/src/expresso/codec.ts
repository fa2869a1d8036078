import { z } from 'zod';
import addressparser from 'nodemailer/lib/addressparser';
import { EmailAddress, MailFolder, MessageDetail, MessageSummary, MimePartInfo } from '@gw/contracts';
import { boundaryOf, MalformedMultipartError, parseMultipart } from '../http/multipart';
import { ExpressoError } from './errors';

/**
 * The Expresso wire format, both directions: how a call arrives (form fields, multipart or
 * JSON), how answers and errors leave, and the JSON shapes and value types of the seed's
 * examples (counts as numbers, message flags as "0"/"1" strings, dates as `YYYY-mm-dd H:i:s`).
 */

// ---------------------------------------------------------------------------------------------
// Requests

export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface ExpressoRequest {
  /** Echoed in the answer; the mobile client numbers its calls. */
  id: string | null;
  params: Record<string, unknown>;
  files: UploadedFile[];
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);
const MAX_KEY_DEPTH = 8;

/**
 * PHP's reading of form field names, which the Expresso server relies on: `params[auth]` and
 * `params[msgTo][]` build nested values (the web client posts its params that way through
 * jQuery), while the mobile client posts `params` as one JSON string.
 */
function setField(target: Record<string, unknown>, key: string, value: unknown): void {
  const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  const path = m ? [m[1], ...[...m[2].matchAll(/\[([^[\]]*)\]/g)].map((x) => x[1])] : [key];
  if (path.length > MAX_KEY_DEPTH || path.some((p) => FORBIDDEN_KEYS.has(p))) return;
  let node: Record<string, unknown> | unknown[] = target;
  path.forEach((segment, i) => {
    const last = i === path.length - 1;
    const container = node as Record<string, unknown>;
    const slot = Array.isArray(node) && segment === '' ? String(node.length) : segment;
    if (last) {
      container[slot] = value;
      return;
    }
    const existing = container[slot];
    const nextIsPush = path[i + 1] === '';
    if (typeof existing !== 'object' || existing === null) container[slot] = nextIsPush ? [] : {};
    node = container[slot] as Record<string, unknown> | unknown[];
  });
}

function paramsFrom(value: unknown): Record<string, unknown> {
  if (value === undefined || value === null || value === '') return {};
  if (typeof value === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new ExpressoError('E_PARSE_ERROR', undefined, 'Parse error: params is not valid JSON');
    }
    return paramsFrom(parsed);
  }
  if (typeof value !== 'object' || Array.isArray(value)) throw new ExpressoError('E_INVALID_REQUEST', undefined, 'Invalid Request: params must be an object');
  return value as Record<string, unknown>;
}

function idFrom(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value.length <= 64) return value;
  return null;
}

function fromFields(fields: [string, string][], files: UploadedFile[]): ExpressoRequest {
  const form: Record<string, unknown> = {};
  for (const [k, v] of fields) setField(form, k, v);
  return { id: idFrom(form.id), params: paramsFrom(form.params), files };
}

/**
 * Reads a call from its body: `application/x-www-form-urlencoded` with `id` and `params`,
 * `multipart/form-data` with `params[NAME]` parts and files, or a JSON `{"id","params"}`.
 * GET calls carry the same fields in the query string.
 */
export function decodeRequest(contentType: string, body: Buffer, query: URLSearchParams): ExpressoRequest {
  const type = contentType.split(';')[0].trim().toLowerCase();
  const text = () => body.toString('utf8');
  if (type === 'multipart/form-data') {
    const boundary = boundaryOf(contentType);
    if (!boundary) throw new ExpressoError('E_INVALID_REQUEST', undefined, 'Invalid Request: multipart body without boundary');
    try {
      const parts = parseMultipart(body, boundary);
      const fields: [string, string][] = [];
      const files: UploadedFile[] = [];
      for (const p of parts) {
        if (p.filename === undefined) fields.push([p.name, p.content.toString('utf8')]);
        else if (p.filename !== '' || p.content.length) {
          files.push({ field: p.name, filename: p.filename || 'attachment', contentType: p.contentType ?? 'application/octet-stream', content: p.content });
        }
      }
      return fromFields(fields, files);
    } catch (error) {
      if (error instanceof MalformedMultipartError) throw new ExpressoError('E_INVALID_REQUEST', undefined, `Invalid Request: ${error.message}`);
      throw error;
    }
  }
  if (type.endsWith('/json') || type.endsWith('+json') || (!type.includes('form') && /^\s*\{/.test(text()))) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text());
    } catch {
      throw new ExpressoError('E_PARSE_ERROR');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ExpressoError('E_INVALID_REQUEST');
    const call = parsed as Record<string, unknown>;
    return { id: idFrom(call.id), params: paramsFrom(call.params), files: [] };
  }
  const fields = body.length ? [...new URLSearchParams(text())] : [...query];
  return fromFields(fields, []);
}

// ---------------------------------------------------------------------------------------------
// Answers: always HTTP 200, the outcome in the body.

export const resultBody = (id: string | null, result: unknown) => JSON.stringify({ id, result, error: null });

export const errorBody = (id: string | null, error: ExpressoError) => JSON.stringify({ id, error: { code: error.code, message: error.message } });

/** A download (Mail/Attachment): the bytes themselves, as the reference server sends them. */
export class FileReply {
  constructor(
    readonly contentType: string,
    readonly filename: string,
    readonly content: Buffer,
  ) {}
}

// ---------------------------------------------------------------------------------------------
// Parameters. Form-encoded calls send every value as a string, so numbers and lists are
// accepted in both spellings.

export const text = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .optional();

export const positiveInt = z.union([z.number().int().positive(), z.string().trim().regex(/^\d+$/).transform(Number)]).refine((n) => n > 0 && Number.isSafeInteger(n), 'must be a positive integer');

/** An empty form field is an absent one. */
const blankAsAbsent = (v: unknown) => (v === '' || v === null ? undefined : v);

export const page = z.preprocess(blankAsAbsent, positiveInt.optional().default(1));
export const resultsPerPage = z.preprocess(
  blankAsAbsent,
  z
    .union([z.number().int(), z.string().trim().regex(/^\d+$/).transform(Number)])
    .refine((n) => n >= 1 && n <= 1000, 'must be between 1 and 1000')
    .optional(),
);

/** An optional id (msgID of Mail/Messages: absent or empty means the list). */
export const optionalId = z.preprocess(blankAsAbsent, positiveInt.optional());

/** `12`, `"12"`, `"12,13"` or `[12, 13]`: one or more message ids. */
export const idList = z
  .union([z.number(), z.string(), z.array(z.union([z.number(), z.string()]))])
  .transform((v, ctx) => {
    const raw = Array.isArray(v) ? v.map(String) : String(v).split(',');
    const ids = raw.map((s) => s.trim()).filter(Boolean).map(Number);
    if (!ids.length || ids.length > 1000 || ids.some((n) => !Number.isSafeInteger(n) || n <= 0)) {
      ctx.addIssue({ code: 'custom', message: 'must be message ids' });
      return z.NEVER;
    }
    return [...new Set(ids)];
  });

export interface Mailbox {
  name?: string;
  address: string;
}

/**
 * Recipients as the clients write them: `"Ann" <ann@x>, bob@y` (the mobile client joins its
 * list with commas), an array of such strings, or Expresso's own `{fullName, mailAddress}`.
 */
export const addressList = z
  .union([z.string(), z.array(z.union([z.string(), z.object({ fullName: z.string().optional(), mailAddress: z.string() })]))])
  .optional()
  .transform((v, ctx) => {
    const items = v === undefined ? [] : Array.isArray(v) ? v : [v];
    const out: Mailbox[] = [];
    for (const item of items) {
      if (typeof item === 'string') {
        for (const a of addressparser(item, { flatten: true })) {
          if (!a.address && !a.name) continue;
          if (!/^[^@\s]+@[^@\s]+$/.test(a.address)) {
            ctx.addIssue({ code: 'custom', message: `invalid address: ${a.address || a.name}` });
            return z.NEVER;
          }
          out.push(a.name ? { name: a.name, address: a.address } : { address: a.address });
        }
      } else {
        if (!/^[^@\s]+@[^@\s]+$/.test(item.mailAddress.trim())) {
          ctx.addIssue({ code: 'custom', message: `invalid address: ${item.mailAddress}` });
          return z.NEVER;
        }
        out.push(item.fullName?.trim() ? { name: item.fullName.trim(), address: item.mailAddress.trim() } : { address: item.mailAddress.trim() });
      }
    }
    return out;
  });

/** The first problem of a failed validation, as Expresso's "Invalid params" message. */
export function invalidParams(error: z.ZodError): ExpressoError {
  const issue = error.issues[0];
  const where = issue?.path.join('.') || 'params';
  return new ExpressoError('E_INVALID_PARAMS', undefined, `Invalid params: ${where}: ${issue?.message ?? 'invalid'}`);
}

// ---------------------------------------------------------------------------------------------
// Values

/** Message flags travel as "0"/"1" strings (seed example: "msgSeen":"1"). */
const bit = (on: boolean): '0' | '1' => (on ? '1' : '0');

/** A fraction of the quota with three decimals, as the seed's 0.297; 0 without a quota. */
export const quotaFraction = (used: number, limit: number) => (limit > 0 ? Math.round((used / limit) * 1000) / 1000 : 0);

/** A zone the runtime knows (the user's zimbraPrefTimeZoneId), else UTC. */
export function timeZoneOrUtc(zone: string | undefined): string {
  if (!zone) return 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC';
  }
}

function zonedParts(ms: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** msgDate: PHP's `Y-m-d H:i:s` in the user's zone (seed: "YYYY-mm-dd H:i:s"). */
export function expressoDate(ms: number, timeZone: string): string {
  const p = zonedParts(ms, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** The zone's offset from UTC in seconds (Messages' "timeZone": -10800 for Brasília). */
export function utcOffsetSeconds(timeZone: string, at = Date.now()): number {
  const p = zonedParts(at, timeZone);
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return Math.round((asUtc - Math.floor(at / 1000) * 1000) / 1000);
}

export interface WireAddress {
  fullName: string;
  mailAddress: string;
}

const wireAddress = (a: { name?: string; address: string }): WireAddress => ({ fullName: a.name ?? '', mailAddress: a.address });
const ofType = (addresses: EmailAddress[], type: EmailAddress['type']) => addresses.filter((a) => a.type === type).map(wireAddress);

/** One entry of Mail/Folders' `folders`. */
export function folderToWire(
  f: MailFolder,
  ids: { folderID: string; folderParentID: string; folderType: number; folderName: string; hasChildren: boolean },
  quotaBytes: number,
) {
  const share = quotaFraction(f.size, quotaBytes);
  return {
    folderName: ids.folderName,
    folderID: ids.folderID,
    folderType: ids.folderType,
    folderParentID: ids.folderParentID,
    folderHasChildren: ids.hasChildren ? 1 : 0,
    qtdMessages: f.count,
    qtdUnreadMessages: f.unread,
    // The example's per-folder figures; the field list also names diskSize and
    // percentUsageOfTotalQuota for the same two numbers.
    diskSizeUsed: String(f.size),
    diskSizePercent: share,
    diskSize: f.size,
    percentUsageOfTotalQuota: share,
  };
}

/** One entry of Mail/Messages' `messages`, as the list shows it. */
export function messageToWire(m: MessageSummary, folderID: string, timeZone: string, extra: { replyTo?: EmailAddress[]; bcc?: EmailAddress[] } = {}) {
  const from = m.addresses.find((a) => a.type === 'f') ?? m.addresses.find((a) => a.type === 's');
  const replyTo = extra.replyTo?.length ? extra.replyTo.map(wireAddress) : ofType(m.addresses, 'r');
  return {
    msgID: m.id,
    folderID,
    msgDate: expressoDate(m.date, timeZone),
    msgFrom: from ? wireAddress(from) : { fullName: '', mailAddress: '' },
    msgTo: ofType(m.addresses, 't'),
    msgCC: ofType(m.addresses, 'c'),
    msgBCC: extra.bcc?.map(wireAddress) ?? ofType(m.addresses, 'b'),
    // IMAP's reply_toaddress, which Expresso shows, is the sender when there is no Reply-To.
    msgReplyTo: replyTo.length ? replyTo : from ? [wireAddress(from)] : [],
    msgSubject: m.subject,
    msgHasAttachments: bit(m.flags.includes('a')),
    msgFlagged: bit(m.flags.includes('f')),
    msgForwarded: bit(m.flags.includes('w')),
    msgAnswered: bit(m.flags.includes('r')),
    msgDraft: bit(m.flags.includes('d')),
    msgSeen: bit(!m.flags.includes('u')),
    msgDeleted: bit(m.flags.includes('x')),
    ContentType: 'normal',
    msgSize: String(m.size),
    msgBodyResume: m.fragment,
  };
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Leaf parts other than the body that carry a file: the message's attachments. */
function attachmentsOf(root: MimePartInfo | undefined): MimePartInfo[] {
  const found: MimePartInfo[] = [];
  const walk = (p: MimePartInfo) => {
    if (p.children?.length) return p.children.forEach(walk);
    if (!p.isBody && (p.disposition === 'attachment' || p.filename)) found.push(p);
  };
  if (root) walk(root);
  return found;
}

function bodyOf(root: MimePartInfo | undefined): MimePartInfo | undefined {
  if (!root) return undefined;
  if (root.content !== undefined) return root;
  for (const c of root.children ?? []) {
    const b = bodyOf(c);
    if (b) return b;
  }
  return undefined;
}

/**
 * One message with msgBody and msgAttachments (Mail/Messages with msgID). msgBody is HTML: the
 * client renders it as such, so a text/plain body is escaped and its line breaks kept.
 */
export function messageDetailToWire(m: MessageDetail, folderID: string, timeZone: string, extra: { replyTo?: EmailAddress[]; bcc?: EmailAddress[] }) {
  const body = bodyOf(m.mimeParts);
  const attachments = attachmentsOf(m.mimeParts);
  const summary = messageToWire(m, folderID, timeZone, extra);
  return {
    ...summary,
    msgHasAttachments: bit(summary.msgHasAttachments === '1' || attachments.length > 0),
    msgBody: body?.content === undefined ? '' : body.contentType.toLowerCase() === 'text/html' ? body.content : escapeHtml(body.content).replace(/\r?\n/g, '<br />'),
    // attachmentEncoding is echoed back by clients only; Mail/Attachment always answers with
    // the decoded bytes, so the part's transfer encoding is not needed and not reported.
    msgAttachments: attachments.map((a, i) => ({
      attachmentID: a.part,
      attachmentIndex: String(i),
      attachmentName: a.filename ?? `attachment-${a.part}`,
      attachmentSize: String(a.size),
      attachmentEncoding: '',
    })),
  };
}
