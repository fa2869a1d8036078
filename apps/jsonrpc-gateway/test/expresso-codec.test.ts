// The Expresso wire format and folder-id mapping as pure functions: no bus, no HTTP server.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRequest, expressoDate, utcOffsetSeconds } from '../src/expresso/codec';
import { ExpressoError, fromBusError } from '../src/expresso/errors';
import { expressoFolderId, zimbraFolderPath, zimbraParentPath } from '../src/expresso/folder-ids';
import { decodeAuth, encodeAuth } from '../src/expresso/session-auth';

const none = new URLSearchParams();
const form = (s: string) => decodeRequest('application/x-www-form-urlencoded', Buffer.from(s), none);

describe('folder ids', () => {
  const cases: [string, string][] = [
    ['/Inbox', 'INBOX'],
    ['/Sent', 'INBOX/Enviado'],
    ['/Junk', 'INBOX/Spam'],
    ['/Trash', 'INBOX/Lixeira'],
    ['/Drafts', 'INBOX/Rascunhos'],
    ['/Work', 'INBOX/Work'],
    ['/Work/Clients', 'INBOX/Work/Clients'],
    ['/Inbox/Receipts', 'INBOX/Inbox/Receipts'],
    ['/Sent/2026', 'INBOX/Enviado/2026'],
    ['/Trash/Old/Sent', 'INBOX/Lixeira/Old/Sent'],
    // A top-level folder named like an Expresso default folder takes the Zimbra name's place.
    ['/Lixeira', 'INBOX/Trash'],
    ['/Enviado/x', 'INBOX/Sent/x'],
  ];
  it('maps both ways, one to one', () => {
    for (const [path, id] of cases) {
      assert.equal(expressoFolderId(path), id, path);
      assert.equal(zimbraFolderPath(id), path, id);
    }
    assert.equal(new Set(cases.map(([, id]) => id)).size, cases.length);
  });
  it('ignores case, refuses ids outside INBOX, and knows where children go', () => {
    assert.equal(zimbraFolderPath('inbox/lixeira'), '/Trash');
    assert.equal(zimbraFolderPath('user/joe/INBOX'), undefined);
    assert.equal(zimbraFolderPath(''), undefined);
    assert.equal(expressoFolderId('/'), undefined);
    assert.equal(zimbraParentPath('INBOX'), '/');
    assert.equal(zimbraParentPath('INBOX/'), '/');
    assert.equal(zimbraParentPath('INBOX/Inbox'), '/Inbox');
    assert.equal(zimbraParentPath('INBOX/Enviado'), '/Sent');
    assert.equal(zimbraParentPath('INBOX/Work/Clients'), '/Work/Clients');
    assert.equal(zimbraParentPath('Elsewhere'), undefined);
  });
});

describe('requests', () => {
  it('reads form fields with params as JSON or as params[NAME]', () => {
    assert.deepEqual(form('id=4&params=%7B%22auth%22%3A%22a%3Ab%22%2C%22msgID%22%3A12%7D'), { id: '4', params: { auth: 'a:b', msgID: 12 }, files: [] });
    assert.deepEqual(form('id=5&params[folderID]=INBOX%2FWork&params[msgTo][]=a@x&params[msgTo][]=b@x').params, { folderID: 'INBOX/Work', msgTo: ['a@x', 'b@x'] });
    assert.deepEqual(form('params[__proto__][x]=1&params[a]=2').params, { a: '2' });
    assert.equal(({} as Record<string, unknown>).x, undefined);
    assert.deepEqual(form(''), { id: null, params: {}, files: [] });
  });

  it('reads JSON bodies, and says what is wrong with bad ones', () => {
    assert.deepEqual(decodeRequest('application/json', Buffer.from('{"id":7,"params":{"auth":"x"}}'), none), { id: '7', params: { auth: 'x' }, files: [] });
    assert.deepEqual(decodeRequest('application/json', Buffer.from('{"id":"8","params":"{\\"a\\":1}"}'), none).params, { a: 1 });
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as ExpressoError).code;
      }
      return 'no error';
    };
    assert.equal(code(() => decodeRequest('application/json', Buffer.from('{'), none)), '-32700');
    assert.equal(code(() => decodeRequest('application/json', Buffer.from('[1]'), none)), '-32600');
    assert.equal(code(() => form('params=%7Bnope')), '-32700');
    assert.equal(code(() => form('params=%5B1%5D')), '-32600');
    assert.equal(code(() => decodeRequest('multipart/form-data; boundary=b', Buffer.from('junk'), none)), '-32600');
  });

  it('reads multipart fields and files', () => {
    const body = Buffer.from(
      [
        '--XyZ',
        'Content-Disposition: form-data; name="id"',
        '',
        '9',
        '--XyZ',
        'Content-Disposition: form-data; name="params[auth]"',
        '',
        'a:b',
        '--XyZ',
        'Content-Disposition: form-data; name="params[msgSubject]"',
        '',
        'Olá\r\nmundo',
        '--XyZ',
        'Content-Disposition: form-data; name="file0"; filename="notes.txt"',
        'Content-Type: text/plain',
        '',
        'line 1\r\nline 2',
        '--XyZ',
        'Content-Disposition: form-data; name="file1"; filename=""',
        'Content-Type: application/octet-stream',
        '',
        '',
        '--XyZ--',
        '',
      ].join('\r\n'),
    );
    const call = decodeRequest('multipart/form-data; boundary="XyZ"', body, none);
    assert.equal(call.id, '9');
    assert.deepEqual(call.params, { auth: 'a:b', msgSubject: 'Olá\r\nmundo' });
    assert.equal(call.files.length, 1);
    assert.deepEqual({ ...call.files[0], content: call.files[0].content.toString() }, { field: 'file0', filename: 'notes.txt', contentType: 'text/plain', content: 'line 1\r\nline 2' });
  });
});

describe('values and errors', () => {
  it('writes dates as Y-m-d H:i:s in the user zone, with the zone offset in seconds', () => {
    const at = Date.UTC(2026, 0, 15, 12, 5, 9);
    assert.equal(expressoDate(at, 'UTC'), '2026-01-15 12:05:09');
    assert.equal(expressoDate(at, 'America/Sao_Paulo'), '2026-01-15 09:05:09');
    assert.equal(utcOffsetSeconds('America/Sao_Paulo', at), -10800);
  });

  it('keeps auth pairs that hold together only', () => {
    const auth = encodeAuth('0_abc.def');
    assert.match(auth, /^0_abc\.def:[0-9a-f]{32}$/);
    assert.equal(decodeAuth(auth), '0_abc.def');
    assert.equal(decodeAuth(auth.replace('abc', 'abd')), undefined);
    assert.equal(decodeAuth('no-colon'), undefined);
  });

  it('maps bus errors per resource before the general rows', () => {
    const code = (busCode: string, resource: string) => fromBusError({ code: busCode, message: 'x' }, resource).code;
    assert.equal(code('account.AUTH_FAILED', 'Login'), '5');
    assert.equal(code('service.AUTH_EXPIRED', 'Mail/Folders'), '7');
    assert.equal(code('mail.NO_SUCH_FOLDER', 'Mail/RenameFolder'), '1006');
    assert.equal(code('mail.NO_SUCH_FOLDER', 'Mail/Messages'), '1007');
    assert.equal(code('mail.IMMUTABLE_OBJECT', 'Mail/DelFolder'), '1008');
    assert.equal(code('mail.NO_SUCH_MSG', 'Mail/DelMessage'), '1016');
    assert.equal(code('mail.NO_SUCH_MSG', 'Mail/Messages'), '1004');
    assert.equal(code('mail.MODIFY_CONFLICT', 'Mail/CleanTrash'), '1003');
    assert.equal(code('mail.SEND_FAILURE', 'Mail/Send'), '1002');
    assert.equal(code('service.TEMPORARILY_UNAVAILABLE', 'Mail/Folders'), '-32000');
    assert.equal(code('something.NEW', 'Mail/Folders'), '-32603');
  });
});
