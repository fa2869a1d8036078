import { parseMessage } from '@gw/mime';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bodyOf, fixture, LATIN1_TEXT } from './support/fixtures';

describe('parseMessage: envelope and text', () => {
  it('reads a plain text message: addresses, thread ids, date, fragment, headers', async () => {
    const raw = fixture('plain-text');
    const message = await parseMessage(raw);

    assert.equal(message.subject, 'Re: Quarterly planning');
    assert.deepEqual(message.from, { address: 'ann@example.com', name: 'Ann Example' });
    assert.equal(message.sender, undefined);
    assert.deepEqual(message.to, [{ address: 'bob@example.org', name: 'Bob' }, { address: 'carol@example.org' }]);
    // The group "Team:" is replaced by its members.
    assert.deepEqual(message.cc, [{ address: 'dave@example.org' }, { address: 'eve@example.org', name: 'Eve, E.' }]);
    assert.deepEqual(message.bcc, []);
    assert.deepEqual(message.replyTo, [{ address: 'replies@example.com' }]);
    assert.equal(message.messageId, '<msg-2@example.com>');
    assert.equal(message.inReplyTo, '<msg-1@example.com>');
    assert.deepEqual(message.references, ['<msg-0@example.com>', '<msg-1@example.com>']);
    assert.equal(message.date?.toISOString(), '2025-07-01T08:52:37.000Z');
    assert.equal(message.fragment, 'Hi Bob, the planning meeting moves to Thursday. Please bring the numbers. Ann');
    assert.match(message.bodyText, /^Hi Bob,\n\nthe {3}planning meeting/);
    assert.equal(message.hasAttachment, false);
    assert.equal(message.size, raw.length);

    assert.deepEqual(
      message.headers.map((header) => header.name),
      ['Return-Path', 'Received', 'From', 'To', 'Cc', 'Reply-To', 'Subject', 'Date', 'Message-ID', 'In-Reply-To', 'References']
        .concat(['MIME-Version', 'Content-Type', 'Content-Transfer-Encoding']),
    );
    // Unfolded (line breaks gone, the folding whitespace kept) and not decoded.
    assert.equal(
      message.headers[1].value,
      'from mx.example.com (mx.example.com [192.0.2.1])\tby mail.example.org with ESMTP id 12345' +
        '\tfor <bob@example.org>; Tue, 1 Jul 2025 10:52:37 +0200',
    );
    assert.equal(message.headers[6].value, 'Re: Quarterly planning');
    assert.equal(message.headers.find((h) => h.name === 'References')?.value, '<msg-0@example.com> <msg-1@example.com>');
  });

  it('reads the same message with bare LF line endings', async () => {
    const message = await parseMessage(fixture('plain-text', 'lf'));
    assert.equal(message.subject, 'Re: Quarterly planning');
    assert.equal(message.headers.length, 14);
    assert.equal(message.parts.size, bodyOf(fixture('plain-text', 'lf')).length);
    assert.equal(message.fragment, 'Hi Bob, the planning meeting moves to Thursday. Please bring the numbers. Ann');
  });

  it('converts an HTML-only body to text for the index and the fragment', async () => {
    const message = await parseMessage(fixture('html-only'));
    assert.match(message.bodyText, /Three new features & a fix\./);
    assert.doesNotMatch(message.bodyText, /<|color: red/);
    assert.match(message.fragment, /Three new features & a fix\.$/);
    assert.equal(message.hasAttachment, false);
  });

  it('takes the text alternative, not both renderings, and skips preamble and epilogue', async () => {
    const message = await parseMessage(fixture('alternative'));
    assert.equal(message.bodyText, 'Plain version of the body.');
    assert.equal(message.fragment, 'Plain version of the body.');
  });

  it('decodes ISO-8859-1 in encoded words, quoted-printable and base64', async () => {
    const message = await parseMessage(fixture('latin1'));
    assert.equal(message.subject, 'Preço do café');
    assert.deepEqual(message.from, { address: 'joao@example.com.br', name: 'João Gonçalves' });
    assert.ok(message.bodyText.startsWith(LATIN1_TEXT), message.bodyText);
    assert.equal(message.fragment.slice(0, 45), 'Olá Bob, O preço é 10 £ por café; até amanhã!');
    assert.equal(message.date?.toISOString(), '2025-07-05T16:00:00.000Z');
  });

  it('decodes encoded words: base64 and Q, split characters, folded, mixed charsets', async () => {
    const message = await parseMessage(fixture('encoded-words'));
    assert.equal(message.subject, '🎉 Party am Frühstückstisch und Übermorgen');
    assert.equal(message.from?.address, 'koeln@example.de');
    assert.match(message.from?.name ?? '', /^Grüße aus Köln –\s*$/);
    assert.deepEqual(message.to, [{ address: 'bjork@example.is', name: 'Björk' }]);
    assert.equal(message.bodyText.trim(), 'Einladung zum Frühstück ☕');
  });

  it('reads what it can of a truncated, malformed message without throwing', async () => {
    const message = await parseMessage(fixture('truncated'));
    assert.equal(message.subject, 'Cut off in the middle');
    assert.equal(message.messageId, '<cut-1@example.com>');
    // "someday, maybe" is no date, and "now" would differ on every replay.
    assert.equal(message.date, undefined);
    assert.equal(message.fragment, 'This message was cut off while the attachment was being sent.');
    assert.equal(message.hasAttachment, true);
    assert.ok(!message.headers.some((header) => header.name.startsWith('X-Broken')));
  });

  for (const [label, raw] of [
    ['an empty buffer', Buffer.alloc(0)],
    ['headers only, no body', Buffer.from('Subject: lonely\r\nFrom: a@example.com')],
    ['binary garbage', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))],
    ['a multipart without a boundary parameter', Buffer.from('Content-Type: multipart/mixed\r\n\r\n--x\r\nhello\r\n--x--\r\n')],
    ['a multipart whose boundary never occurs', Buffer.from('Content-Type: multipart/mixed; boundary=zz\r\n\r\nno parts here\r\n')],
    ['an empty message/rfc822 part', Buffer.from('Content-Type: message/rfc822\r\n\r\n')],
    ['deep nesting', nested(200)],
  ] as const) {
    it(`does not throw on ${label}`, async () => {
      const message = await parseMessage(raw);
      assert.equal(typeof message.subject, 'string');
      assert.equal(message.size, raw.length);
      assert.ok(message.parts.part === '1' || message.parts.part === 'TEXT');
    });
  }

  it('still reads a message mailparser refuses (more than 1000 parts)', async () => {
    const attachments = Array.from({ length: 1200 }, (_, i) =>
      ['--many', `Content-Type: application/octet-stream; name="f${i}.bin"`, '', `${i}`].join('\r\n'),
    );
    const raw = Buffer.from(
      [
        'From: =?UTF-8?Q?J=C3=B6rg?= <joerg@example.de>',
        'To: a@example.com, Group: b@example.com;',
        'Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=',
        'Message-ID: <many@example.de>',
        'Date: Tue, 8 Jul 2025 10:00:00 +0000',
        'Content-Type: multipart/mixed; boundary=many',
        '',
        '--many',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Viele Dateien.',
        ...attachments,
        '--many--',
        '',
      ].join('\r\n'),
    );
    const message = await parseMessage(raw);
    assert.equal(message.subject, 'Grüße');
    assert.deepEqual(message.from, { address: 'joerg@example.de', name: 'Jörg' });
    assert.deepEqual(message.to, [{ address: 'a@example.com' }, { address: 'b@example.com' }]);
    assert.equal(message.messageId, '<many@example.de>');
    assert.equal(message.bodyText, 'Viele Dateien.');
    assert.equal(message.parts.children?.length, 1201);
    assert.equal(message.parts.children?.[1200].filename, 'f1199.bin');
    assert.equal(message.hasAttachment, true);
  });

  it('keeps at most 32 KiB of body text without splitting a character', async () => {
    const long = 'ä'.repeat(40_000);
    const raw = Buffer.from(`Content-Type: text/plain; charset=utf-8\r\n\r\n${long}`, 'utf8');
    const message = await parseMessage(raw);
    assert.equal(Buffer.byteLength(message.bodyText, 'utf8'), 32 * 1024);
    assert.equal(message.bodyText, 'ä'.repeat(16 * 1024));
    assert.equal(message.fragment, 'ä'.repeat(150));
  });
});

function nested(depth: number): Buffer {
  let body = 'Content-Type: text/plain\r\n\r\ninnermost';
  for (let i = 0; i < depth; i++) body = `Content-Type: multipart/mixed; boundary=b${i}\r\n\r\n--b${i}\r\n${body}\r\n--b${i}--\r\n`;
  return Buffer.from(body);
}
