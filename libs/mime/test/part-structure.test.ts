import { bodyParts, hasAttachment, parseMessage, type MimePart } from '@gw/mime';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bodyOf, fixture, outline } from './support/fixtures';

/*
 * Part names follow Zimbra's Mime.listParts (IMAP numbering): a single-part message body is "1";
 * a multipart message body is "TEXT" with children "1", "2", ...; a message/rfc822 part "n"
 * contains "n.1" (single part) or "n.TEXT" with "n.1", "n.2", ... (multipart).
 */
describe('parseMessage: the part tree', () => {
  it('names a single-part body "1", measures it, and marks it as the body', async () => {
    const raw = fixture('plain-text');
    const { parts } = await parseMessage(raw);
    assert.deepEqual(parts, { part: '1', contentType: 'text/plain', size: bodyOf(raw).length, charset: 'us-ascii', isBody: true });
  });

  it('names an HTML-only body "1" and shows it as the body even when text is preferred', async () => {
    const { parts } = await parseMessage(fixture('html-only'));
    assert.equal(parts.part, '1');
    assert.equal(parts.contentType, 'text/html');
    assert.equal(parts.isBody, true);
  });

  it('names a multipart body "TEXT" and picks the alternative by preference', async () => {
    const { parts } = await parseMessage(fixture('alternative'));
    assert.deepEqual(outline(parts), ['TEXT multipart/alternative', '1 text/plain', '2 text/html']);
    assert.deepEqual(bodyNames(parts), ['1']);
    assert.deepEqual(bodyParts(parts, { html: false }).map((p) => p.part), ['1']);
    assert.deepEqual(bodyParts(parts, { html: true }).map((p) => p.part), ['2']);
    assert.equal(parts.children?.[0].size, 'Plain version of the body.'.length);
  });

  it('describes an attachment: decoded size, filename, disposition; sets the paperclip', async () => {
    const message = await parseMessage(fixture('mixed-attachment'));
    assert.deepEqual(outline(message.parts), ['TEXT multipart/mixed', '1 text/plain', '2 application/pdf']);
    assert.deepEqual(message.parts.children?.[1], {
      part: '2',
      contentType: 'application/pdf',
      size: 77,
      filename: 'report.pdf',
      disposition: 'attachment',
    });
    assert.deepEqual(bodyNames(message.parts), ['1']);
    assert.equal(message.hasAttachment, true);
  });

  it('numbers nested multiparts and describes an inline image by its Content-ID', async () => {
    const { parts, hasAttachment: paperclip } = await parseMessage(fixture('nested-inline-image'));
    assert.deepEqual(outline(parts), [
      'TEXT multipart/mixed',
      ['1 multipart/related', ['1.1 multipart/alternative', '1.1.1 text/plain', '1.1.2 text/html'], '1.2 image/png'],
      '2 application/zip',
    ]);
    const image = parts.children?.[0].children?.[1];
    assert.deepEqual(image, {
      part: '1.2',
      contentType: 'image/png',
      size: 70,
      filename: 'logo.png',
      disposition: 'inline',
      contentId: '<logo@example.com>',
    });
    assert.deepEqual(bodyNames(parts), ['1.1.1']);
    assert.deepEqual(bodyParts(parts, { html: true }).map((p) => p.part), ['1.1.2']);
    assert.equal(parts.children?.[1].size, 22);
    assert.equal(paperclip, true);
  });

  it('reports charsets in lower case', async () => {
    const { parts } = await parseMessage(fixture('latin1'));
    assert.deepEqual(parts.children?.map((p) => p.charset), ['iso-8859-1', 'iso-8859-1']);
  });

  it('decodes RFC 2231 and RFC 2047 filenames, and falls back to the Content-Type name', async () => {
    const { parts } = await parseMessage(fixture('encoded-words'));
    assert.deepEqual(
      parts.children?.map((p) => [p.part, p.filename, p.disposition]),
      [
        ['1', undefined, undefined],
        ['2', 'Übersicht 2025.txt', 'attachment'],
        ['3', 'Menü.pdf', 'attachment'],
      ],
    );
    assert.deepEqual(bodyNames(parts), ['1']);
  });

  it('names the parts inside attached messages as Zimbra and IMAP do', async () => {
    const message = await parseMessage(fixture('forwarded'));
    assert.deepEqual(outline(message.parts), [
      'TEXT multipart/mixed',
      '1 text/plain',
      ['2 message/rfc822', ['2.TEXT multipart/mixed', '2.1 text/plain', '2.2 application/pdf']],
      ['3 message/rfc822', '3.1 text/plain'],
    ]);
    const forwarded = message.parts.children?.[1];
    assert.equal(forwarded?.filename, 'report.eml');
    assert.equal(forwarded?.disposition, 'attachment');
    assert.equal(forwarded?.children?.[0].children?.[1].filename, 'report.pdf');
    assert.deepEqual(bodyNames(message.parts), ['1']);
    assert.equal(message.hasAttachment, true);
  });

  it('keeps the parts it could read of a truncated message', async () => {
    const { parts } = await parseMessage(fixture('truncated'));
    assert.deepEqual(outline(parts), ['TEXT multipart/mixed', '1 text/plain', '2 image/jpeg']);
    const photo = parts.children?.[1];
    assert.equal(photo?.filename, 'photo.jpg');
    // 170 base64 characters (76 + 76 + 18) arrived: 127 whole bytes.
    assert.equal(photo?.size, 127);
  });

  it('treats the parts of multipart/digest as messages by default', async () => {
    const raw = Buffer.from(
      [
        'Content-Type: multipart/digest; boundary=d',
        '',
        '--d',
        '',
        'Subject: first',
        '',
        'one',
        '--d',
        '',
        'Subject: second',
        '',
        'two',
        '--d--',
        '',
      ].join('\r\n'),
    );
    const { parts } = await parseMessage(raw);
    assert.deepEqual(outline(parts), ['TEXT multipart/digest', ['1 message/rfc822', '1.1 text/plain'], ['2 message/rfc822', '2.1 text/plain']]);
  });

  it('sets no paperclip for text alternatives and inline-only content, as Zimbra', async () => {
    for (const name of ['plain-text', 'html-only', 'alternative', 'latin1']) {
      assert.equal((await parseMessage(fixture(name))).hasAttachment, false, name);
    }
    const inlineImageInMixed: MimePart = {
      part: 'TEXT',
      contentType: 'multipart/mixed',
      size: 0,
      children: [
        { part: '1', contentType: 'text/plain', size: 1 },
        { part: '2', contentType: 'image/png', size: 1, disposition: 'inline' },
      ],
    };
    // An image without Content-ID inline in the body is shown, not listed (Apple Mail style).
    assert.equal(hasAttachment(inlineImageInMixed), false);
  });

  it('sets the paperclip for an image the HTML refers to by Content-ID, as Zimbra does', () => {
    const htmlWithImage: MimePart = {
      part: 'TEXT',
      contentType: 'multipart/related',
      size: 0,
      children: [
        { part: '1', contentType: 'text/html', size: 1 },
        { part: '2', contentType: 'image/png', size: 1, disposition: 'inline', contentId: '<logo@example.com>' },
      ],
    };
    assert.equal(hasAttachment(htmlWithImage), true);
  });
});

function bodyNames(root: MimePart): string[] {
  const names: string[] = [];
  const visit = (part: MimePart) => {
    if (part.isBody) names.push(part.part);
    part.children?.forEach(visit);
  };
  visit(root);
  return names;
}
