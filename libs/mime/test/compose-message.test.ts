import { bodyContent, composeMessage, getPartContent, parseMessage, type ComposeInput } from '@gw/mime';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { outline } from './support/fixtures';

const pdf = randomBytes(10_000);

const reply: ComposeInput = {
  from: { address: 'joao@example.com.br', name: 'João Gonçalves' },
  to: [{ address: 'ann@example.com', name: 'Ann Example' }, { address: 'carol@example.org' }],
  cc: [{ address: 'dave@example.org', name: 'Dave, the "Boss"' }],
  bcc: [{ address: 'hidden@example.org', name: 'Hidden' }],
  replyTo: [{ address: 'replies@example.com.br' }],
  subject: 'Re: Orçamento 2025 – 🎉 aprovado',
  text: 'Olá Ann,\n\no orçamento foi aprovado.\n',
  html: '<p>Olá Ann,</p><p>o orçamento foi <b>aprovado</b>.</p>',
  inReplyTo: '<msg-1@example.com>',
  references: ['<msg-0@example.com>', '<msg-1@example.com>'],
  date: new Date('2025-07-08T10:00:00Z'),
  messageId: '<reply-1@example.com.br>',
  attachments: [
    { filename: 'orçamento.pdf', contentType: 'application/pdf', content: pdf },
    { filename: 'notas.txt', contentType: 'text/plain', content: Buffer.from('linha 1\nlinha 2\n') },
  ],
};

describe('composeMessage -> parseMessage', () => {
  it('round-trips addresses, subject, thread ids, date, bodies and attachments', async () => {
    const raw = await composeMessage(reply);
    const message = await parseMessage(raw);

    assert.equal(message.subject, reply.subject);
    assert.deepEqual(message.from, reply.from);
    assert.deepEqual(message.to, reply.to);
    assert.deepEqual(message.cc, reply.cc);
    assert.deepEqual(message.replyTo, reply.replyTo);
    assert.equal(message.messageId, reply.messageId);
    assert.equal(message.inReplyTo, reply.inReplyTo);
    assert.deepEqual(message.references, reply.references);
    assert.equal(message.date?.toISOString(), '2025-07-08T10:00:00.000Z');
    assert.equal(message.fragment, 'Olá Ann, o orçamento foi aprovado.');
    assert.equal(message.hasAttachment, true);

    assert.deepEqual(outline(message.parts), [
      'TEXT multipart/mixed',
      ['1 multipart/alternative', '1.1 text/plain', '1.2 text/html'],
      '2 application/pdf',
      '3 text/plain',
    ]);
    const [, pdfPart, notesPart] = message.parts.children ?? [];
    assert.equal(pdfPart.filename, 'orçamento.pdf');
    assert.equal(pdfPart.size, pdf.length);
    assert.equal(notesPart.filename, 'notas.txt');
    assert.equal(notesPart.disposition, 'attachment');

    assert.ok((await getPartContent(raw, '2'))?.content.equals(pdf));
    assert.equal((await bodyContent(raw, { html: false }))?.text, 'Olá Ann,\n\no orçamento foi aprovado.\n');
    assert.equal((await bodyContent(raw, { html: true }))?.text, reply.html);
  });

  it('writes headers in ASCII with CR LF line ends, ready for SMTP', async () => {
    const raw = await composeMessage(reply);
    const head = raw.subarray(0, raw.indexOf('\r\n\r\n')).toString('latin1');
    assert.match(head, /^[\x20-\x7e\r\n\t]*$/);
    assert.doesNotMatch(raw.toString('latin1'), /[^\r]\n/);
  });

  it('leaves Bcc out of a message to be sent', async () => {
    const raw = await composeMessage(reply);
    assert.doesNotMatch(raw.toString('latin1'), /^bcc:/im);
    assert.deepEqual((await parseMessage(raw)).bcc, []);
  });

  it('keeps Bcc in a draft', async () => {
    const raw = await composeMessage({ ...reply, keepBcc: true });
    assert.deepEqual((await parseMessage(raw)).bcc, reply.bcc);
  });

  it('puts an inline image next to the HTML that shows it', async () => {
    const logo = randomBytes(500);
    const raw = await composeMessage({
      from: { address: 'ann@example.com' },
      to: [{ address: 'bob@example.org' }],
      subject: 'Logo',
      html: '<p>Logo:</p><img src="cid:logo-1@example.com">',
      attachments: [{ filename: 'logo.png', contentType: 'image/png', content: logo, contentId: 'logo-1@example.com' }],
    });
    const { parts } = await parseMessage(raw);
    assert.deepEqual(outline(parts), ['TEXT multipart/related', '1 text/html', '2 image/png']);
    assert.equal(parts.children?.[1].contentId, '<logo-1@example.com>');
    assert.equal(parts.children?.[1].disposition, 'inline');
    assert.ok((await getPartContent(raw, '2'))?.content.equals(logo));
  });

  it('makes a Message-ID in the sender domain and a Date when none is given', async () => {
    const before = Date.now();
    const message = await parseMessage(await composeMessage({ from: { address: 'ann@example.com' }, text: 'x' }));
    assert.match(message.messageId ?? '', /^<[^@>]+@example\.com>$/);
    assert.ok(message.date && message.date.getTime() >= before - 1000 && message.date.getTime() <= Date.now() + 1000);
    assert.deepEqual(outline(message.parts), '1 text/plain');
  });

  it('takes attachment content only from the input, never from a file or URL it names', async () => {
    const sneaky = {
      filename: 'passwd',
      contentType: 'text/plain',
      content: Buffer.alloc(0),
      path: '/etc/passwd',
      href: 'http://127.0.0.1:1/',
    };
    const raw = await composeMessage({ from: { address: 'a@example.com' }, attachments: [sneaky] });
    assert.equal((await getPartContent(raw, '1'))?.content.length, 0);
  });
});
