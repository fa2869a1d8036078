import { bodyContent, getPartContent } from '@gw/mime';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bodyOf, fixture, LATIN1_TEXT } from './support/fixtures';

const REPORT_PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const LOGO_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describe('getPartContent', () => {
  it('returns an attachment decoded from base64, with its type and filename', async () => {
    assert.deepEqual(await getPartContent(fixture('mixed-attachment'), '2'), {
      contentType: 'application/pdf',
      filename: 'report.pdf',
      content: REPORT_PDF,
    });
  });

  it('returns a nested inline image', async () => {
    const image = await getPartContent(fixture('nested-inline-image'), '1.2');
    assert.equal(image?.contentType, 'image/png');
    assert.ok(image?.content.equals(LOGO_PNG));
  });

  it('returns text in its own charset, quoted-printable removed', async () => {
    const text = await getPartContent(fixture('latin1'), '1');
    assert.equal(text?.contentType, 'text/plain');
    assert.equal(text?.charset, 'iso-8859-1');
    assert.equal(text?.content.toString('latin1').split('\r\n')[2], 'O preço é 10 £ por café; até amanhã!');
  });

  it('returns the body of a single-part message as part "1"', async () => {
    const raw = fixture('plain-text');
    assert.ok((await getPartContent(raw, '1'))?.content.equals(bodyOf(raw)));
  });

  it('reaches into attached messages, and returns an attached message as a whole', async () => {
    const raw = fixture('forwarded');
    assert.ok((await getPartContent(raw, '2.2'))?.content.equals(REPORT_PDF));
    assert.equal((await getPartContent(raw, '3.1'))?.content.toString(), 'Just a note.');
    const attached = await getPartContent(raw, '2');
    assert.equal(attached?.contentType, 'message/rfc822');
    assert.equal(attached?.filename, 'report.eml');
    assert.match(attached?.content.toString() ?? '', /^From: ann@example.com\r\n[\s\S]*--inner--\r\n$/);
    assert.match((await getPartContent(raw, '2.TEXT'))?.content.toString() ?? '', /^--inner\r\n/);
  });

  it('returns the whole message for "" and nothing for an unknown part', async () => {
    const raw = fixture('forwarded');
    assert.deepEqual(await getPartContent(raw, ''), { contentType: 'message/rfc822', content: raw });
    for (const part of ['4', '1.1', '2.3', 'TEXT.1', 'x']) assert.equal(await getPartContent(raw, part), undefined, part);
  });

  it('returns what arrived of a truncated attachment', async () => {
    const photo = await getPartContent(fixture('truncated'), '2');
    assert.equal(photo?.content.length, 127);
    assert.deepEqual([...(photo?.content.subarray(0, 3) ?? [])], [0xff, 0xd8, 0xff]);
  });
});

describe('bodyContent', () => {
  it('gives the text or the HTML alternative by preference', async () => {
    const raw = fixture('alternative');
    assert.deepEqual(await bodyContent(raw, { html: false }), { part: '1', contentType: 'text/plain', text: 'Plain version of the body.' });
    assert.deepEqual(await bodyContent(raw, { html: true }), { part: '2', contentType: 'text/html', text: '<p>HTML version of the body.</p>' });
  });

  it('decodes ISO-8859-1 from quoted-printable and from base64', async () => {
    const raw = fixture('latin1');
    assert.equal(
      (await bodyContent(raw, { html: false }))?.text,
      LATIN1_TEXT,
    );
    assert.equal((await bodyContent(raw, { html: true }))?.text, '<p>Olá Bob, o preço é 10 £ por café.</p>\n');
  });

  it('gives the HTML of an HTML-only message whatever the preference (Zimbra has nothing else to show)', async () => {
    const body = await bodyContent(fixture('html-only'), { html: false });
    assert.equal(body?.part, '1');
    assert.equal(body?.contentType, 'text/html');
    assert.match(body?.text ?? '', /^<html><head>/);
  });

  it('finds the body inside related and alternative parts', async () => {
    const raw = fixture('nested-inline-image');
    assert.equal((await bodyContent(raw, { html: false }))?.part, '1.1.1');
    assert.equal((await bodyContent(raw, { html: true }))?.text, '<p>Our new logo:</p><img src="cid:logo@example.com">');
  });

  it('decodes a base64 UTF-8 body', async () => {
    assert.equal((await bodyContent(fixture('encoded-words'), { html: false }))?.text, 'Einladung zum Frühstück ☕\n');
  });

  it('has no body for a message that is only an attachment', async () => {
    const raw = Buffer.from('Content-Type: application/pdf\r\nContent-Disposition: attachment\r\n\r\n%PDF');
    assert.equal(await bodyContent(raw, { html: false }), undefined);
  });
});
