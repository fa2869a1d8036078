// Raw MIME written by hand for tests: independent of the server's own MIME code.

export interface RawMessage {
  from: string;
  to: string;
  cc?: string;
  subject: string;
  body: string;
  date: string;
  messageId: string;
  inReplyTo?: string;
  /** A base64 attachment (report.pdf) making the message multipart/mixed. */
  attachment?: Buffer;
}

export function rawMessage(m: RawMessage): string {
  const head = [
    `From: ${m.from}`,
    `To: ${m.to}`,
    ...(m.cc ? [`Cc: ${m.cc}`] : []),
    `Subject: ${m.subject}`,
    `Date: ${m.date}`,
    `Message-ID: ${m.messageId}`,
    ...(m.inReplyTo ? [`In-Reply-To: ${m.inReplyTo}`] : []),
    'MIME-Version: 1.0',
  ];
  if (!m.attachment) return [...head, 'Content-Type: text/plain; charset=utf-8', '', m.body, ''].join('\r\n');
  return [
    ...head,
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    m.body,
    '--b1',
    'Content-Type: application/pdf; name="report.pdf"',
    'Content-Disposition: attachment; filename="report.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    m.attachment.toString('base64').replace(/.{76}/g, '$&\r\n'),
    '--b1--',
    '',
  ].join('\r\n');
}

export const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
