import { composeMessage, getPartContent, parseMessage } from '@gw/mime';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';

const TWO_MB = 2 * 1024 * 1024;

describe('a 2 MB attachment', () => {
  const data = randomBytes(TWO_MB);

  it('is measured by its decoded size, and the message by its raw size', async () => {
    const base64Lines = data.toString('base64').match(/.{1,76}/g) ?? [];
    const raw = Buffer.from(
      [
        'From: ann@example.com',
        'Subject: big',
        'Content-Type: multipart/mixed; boundary=big',
        '',
        '--big',
        'Content-Type: text/plain',
        '',
        'Big file attached.',
        '--big',
        'Content-Type: application/octet-stream; name=big.bin',
        'Content-Transfer-Encoding: base64',
        '',
        ...base64Lines,
        '--big--',
        '',
      ].join('\r\n'),
    );
    const message = await parseMessage(raw);
    assert.equal(message.size, raw.length);
    const attachment = message.parts.children?.[1];
    assert.equal(attachment?.part, '2');
    assert.equal(attachment?.size, TWO_MB);
    assert.equal(attachment?.filename, 'big.bin');
    // The multipart's size is its encoded body: everything after the header block.
    assert.equal(message.parts.size, raw.length - raw.indexOf('\r\n\r\n') - 4);
    assert.equal(message.hasAttachment, true);
    assert.ok((await getPartContent(raw, '2'))?.content.equals(data));
  });

  it('survives composing and parsing', async () => {
    const raw = await composeMessage({
      from: { address: 'ann@example.com' },
      to: [{ address: 'bob@example.org' }],
      subject: 'big',
      text: 'Big file attached.',
      attachments: [{ filename: 'big.bin', contentType: 'application/octet-stream', content: data }],
    });
    assert.ok(raw.length > TWO_MB * 1.3);
    const message = await parseMessage(raw);
    assert.equal(message.parts.children?.[1].size, TWO_MB);
    assert.ok((await getPartContent(raw, '2'))?.content.equals(data));
  });
});
