// Debian's libwbxml2-utils (wbxml2xml, xml2wbxml) as an independent ActiveSync WBXML codec.
//
// Command lines that work with libwbxml 0.11.8 (Debian 12):
//   wbxml2xml -l ACTIVESYNC -m 0 -o - -
//     -l ACTIVESYNC: public id 1 names no language, so it has to be forced (without it:
//        "Unknown Public ID"); ACTIVESYNC is the variant with Microsoft's namespaces
//        (xmlns="Provision:"), AIRSYNC the SynCE ones. -m 0: compact output, no indentation.
//   xml2wbxml -a -n -k -v 1.3 -o - -
//     -a: anonymous, public id 1 (without it libwbxml writes public id 0 and the DTD name in a
//         string table); -n: no string table; -v 1.3; -k: keep whitespace (without it leading
//         and trailing spaces of every text are dropped). The XML needs the ActiveSync DOCTYPE
//         unless its root is AirSync's Sync (else "The XML language is unknown").
// Both print "... succeeded"/"failed" on stderr; '-' is stdin/stdout.
//
// libwbxml names some tags after the first revision of MS-ASWBXML (Recurrence_Type,
// Attendee_Email, Reply-To, ...) where the current one and this codec use the element names
// of MS-ASCMD/MS-ASCAL; LIBWBXML_NAMES lists every such difference, token for token.
import { spawnSync } from 'node:child_process';
import { CODE_PAGES, type CodePageName, type WbxmlElement, type WbxmlNode } from '../../src';

export const WBXML2XML_ARGS = ['-l', 'ACTIVESYNC', '-m', '0', '-o', '-', '-'];
export const XML2WBXML_ARGS = ['-a', '-n', '-k', '-v', '1.3', '-o', '-', '-'];

const DOCTYPE = '<!DOCTYPE ActiveSync PUBLIC "-//MICROSOFT//DTD ActiveSync//EN" "http://www.microsoft.com/">';

/** Our tag name → libwbxml's, where they differ (same token). */
export const LIBWBXML_NAMES: Partial<Record<CodePageName, Record<string, string>>> = {
  Contacts: {
    AssistantPhoneNumber: 'AssistantTelephoneNumber',
    BusinessAddressCity: 'BusinessCity',
    BusinessAddressCountry: 'BusinessCountry',
    BusinessAddressPostalCode: 'BusinessPostalCode',
    BusinessAddressState: 'BusinessState',
    BusinessAddressStreet: 'BusinessStreet',
    HomeAddressCity: 'HomeCity',
    HomeAddressCountry: 'HomeCountry',
    HomeAddressPostalCode: 'HomePostalCode',
    HomeAddressState: 'HomeState',
    HomeAddressStreet: 'HomeStreet',
    OtherAddressCity: 'OtherCity',
    OtherAddressCountry: 'OtherCountry',
    OtherAddressPostalCode: 'OtherPostalCode',
    OtherAddressState: 'OtherState',
    OtherAddressStreet: 'OtherStreet',
  },
  Email: {
    Att0Id: 'AttOId',
    ReplyTo: 'Reply-To',
    DtStamp: 'DTStamp',
    Type: 'Recurrence_Type',
    Until: 'Recurrence_Until',
    Occurrences: 'Recurrence_Occurrences',
    Interval: 'Recurrence_Interval',
    DayOfWeek: 'Recurrence_DayOfWeek',
    DayOfMonth: 'Recurrence_DayOfMonth',
    WeekOfMonth: 'Recurrence_WeekOfMonth',
    MonthOfYear: 'Recurrence_MonthOfYear',
    Status: 'FlagStatus',
  },
  Calendar: {
    Timezone: 'TimeZone',
    Email: 'Attendee_Email',
    Name: 'Attendee_Name',
    CompressedRTF: 'Compressed_RTF',
    DtStamp: 'DTStamp',
    Deleted: 'Exception_Deleted',
    ExceptionStartTime: 'Exception_StartTime',
    OrganizerEmail: 'Organizer_Email',
    OrganizerName: 'Organizer_Name',
    Type: 'Recurrence_Type',
    Until: 'Recurrence_Until',
    Occurrences: 'Recurrence_Occurrences',
    Interval: 'Recurrence_Interval',
    DayOfWeek: 'Recurrence_DayOfWeek',
    DayOfMonth: 'Recurrence_DayOfMonth',
    WeekOfMonth: 'Recurrence_WeekOfMonth',
    MonthOfYear: 'Recurrence_MonthOfYear',
    AttendeeStatus: 'Attendee_Status',
    AttendeeType: 'Attendee_Type',
  },
  Tasks: {
    UtcDueDate: 'UTCDueDate',
    Type: 'Recurrence_Type',
    Start: 'Recurrence_Start',
    Until: 'Recurrence_Until',
    Occurrences: 'Recurrence_Occurrences',
    Interval: 'Recurrence_Interval',
    DayOfMonth: 'Recurrence_DayOfMonth',
    DayOfWeek: 'Recurrence_DayOfWeek',
    WeekOfMonth: 'Recurrence_WeekOfMonth',
    MonthOfYear: 'Recurrence_MonthOfYear',
    Regenerate: 'Recurrence_Regenerate',
    DeadOccur: 'Recurrence_DeadOccur',
    UtcStartDate: 'UTCStartDate',
  },
  // Token 0x10 is listed twice in libwbxml; decoding gives the first name.
  Provision: { RequireStorageCardEncryption: 'DeviceEncryptionEnabled' },
  // libwbxml's typo for token 0x2B.
  Settings: { SMTPAddress: 'SmtpAddress', RightsManagementInformation: 'ihsManagementInformation' },
  ComposeMail: { Mime: 'MIME' },
  RightsManagement: { Owner: 'RMOwner', RemoveRightsManagementProtection: 'RemoveRightsManagementDistribution' },
};

/** Protocol 16.1 tags that libwbxml added after 0.11.8 (Debian 12 has 0.11.8). */
export const NEWER_THAN_LIBWBXML_0_11_8: Partial<Record<CodePageName, readonly string[]>> = {
  MeetingResponse: ['ProposedStartTime', 'ProposedEndTime'],
  Provision: ['AccountOnlyRemoteWipe'],
  Find: Object.values(CODE_PAGES.Find.tags),
};

/** Elements libwbxml shows as base64 (OPAQUE in WBXML); any other element's text is STR_I. */
const BINARY: Partial<Record<CodePageName, readonly string[]>> = {
  ResolveRecipients: ['Data'],
  Search: ['ConversationId'],
  GAL: ['Data'],
  AirSyncBase: ['Content'],
  ItemOperations: ['ConversationId'],
  ComposeMail: ['Mime'],
  Email2: ['ConversationId', 'ConversationIndex'],
};

export const libNamespace = (ns: CodePageName): string => (ns === 'GAL' ? 'Gal' : ns);
export const libName = (ns: CodePageName, name: string): string => LIBWBXML_NAMES[ns]?.[name] ?? name;
const isBinary = (ns: CodePageName, name: string): boolean => BINARY[ns]?.includes(name) ?? false;

/** A tree as libwbxml names it. Text is joined; opaque data is base64 in binary elements. */
export interface LibElement {
  ns: string;
  name: string;
  children: (LibElement | string)[];
}

export function libView(element: WbxmlElement): LibElement {
  const children: (LibElement | string)[] = [];
  for (const c of element.children) {
    let item: LibElement | string;
    if (typeof c === 'string') item = c;
    else if (c instanceof Uint8Array) {
      item = isBinary(element.ns, element.name) ? Buffer.from(c).toString('base64') : Buffer.from(c).toString('utf8');
    } else item = libView(c);
    if (item === '') continue;
    const last = children.length - 1;
    if (typeof item === 'string' && typeof children[last] === 'string') children[last] += item;
    else children.push(item);
  }
  return { ns: libNamespace(element.ns), name: libName(element.ns, element.name), children };
}

const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');

/** XML for xml2wbxml: libwbxml's names, `xmlns="Page:"` where the code page changes. */
export function libXml(root: WbxmlElement): string {
  const write = (e: WbxmlElement, parentNs: CodePageName | undefined): string => {
    const name = libName(e.ns, e.name);
    const open = e.ns === parentNs ? name : `${name} xmlns="${libNamespace(e.ns)}:"`;
    const content = e.children
      .map((c: WbxmlNode) => {
        if (typeof c === 'string') return escapeXml(c);
        if (c instanceof Uint8Array) {
          if (!isBinary(e.ns, e.name)) throw new Error(`xml2wbxml cannot write OPAQUE in ${e.ns}:${e.name}`);
          return Buffer.from(c).toString('base64');
        }
        return write(c, e.ns);
      })
      .join('');
    return content === '' ? `<${open}/>` : `<${open}>${content}</${name}>`;
  };
  return `<?xml version="1.0" encoding="utf-8"?>${DOCTYPE}${write(root, undefined)}`;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };
const unescapeXml = (s: string): string =>
  s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    return ENTITIES[ref] ?? whole;
  });

/** Reads wbxml2xml's compact output (elements, xmlns, text; nothing else occurs). */
export function parseLibXml(xml: string): LibElement {
  const body = xml.replace(/^<\?xml[^>]*\?>/, '').replace(/^<!DOCTYPE[^>]*>/, '').trimEnd();
  const stack: LibElement[] = [];
  let root: LibElement | undefined;
  const tag = /<(\/?)([A-Za-z_][\w.-]*)(?:\s+xmlns="([^"]*)")?\s*(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  while ((m = tag.exec(body)) !== null) {
    const [, closing, name, xmlns, selfClosing, textContent] = m;
    const parent = stack[stack.length - 1];
    if (textContent !== undefined) {
      if (!parent) throw new Error(`text outside the root: ${textContent}`);
      parent.children.push(unescapeXml(textContent));
    } else if (closing) {
      const open = stack.pop();
      if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name}>`);
    } else {
      const ns = xmlns !== undefined ? xmlns.replace(/:$/, '') : parent?.ns;
      if (ns === undefined) throw new Error(`<${name}> has no namespace`);
      const element: LibElement = { ns, name, children: [] };
      if (parent) parent.children.push(element);
      else root = element;
      if (!selfClosing) stack.push(element);
    }
    if (tag.lastIndex === body.length) break;
  }
  if (!root || stack.length > 0 || tag.lastIndex !== body.length) throw new Error(`unreadable wbxml2xml output: ${xml}`);
  return root;
}

function run(command: string, args: string[], input: Buffer): Buffer {
  const result = spawnSync(command, args, { input, maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  const stderr = result.stderr.toString().trim();
  if (result.status !== 0 || /failed/.test(stderr)) throw new Error(`${command} ${args.join(' ')}: exit ${result.status}: ${stderr}`);
  return result.stdout;
}

/** WBXML → XML text by libwbxml. */
export const wbxml2xml = (wbxml: Uint8Array): string => run('wbxml2xml', WBXML2XML_ARGS, Buffer.from(wbxml)).toString('utf8');

/** XML text → WBXML by libwbxml. */
export const xml2wbxml = (xml: string): Buffer => run('xml2wbxml', XML2WBXML_ARGS, Buffer.from(xml, 'utf8'));
