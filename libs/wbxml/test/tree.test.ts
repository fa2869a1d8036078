import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytes, child, children, childText, decode, el, encode, isElement, text, toXml } from '../src';
import { folderSyncResponse, provisionRequest, provisionResponse } from './support/documents';

describe('el', () => {
  it('takes nodes, numbers and arrays; skips null, undefined and false', () => {
    const optional: string | undefined = undefined;
    assert.deepEqual(el('Provision', 'Policy', [el('Provision', 'Status', 1), null], false, optional && el('Provision', 'PolicyKey', optional)), {
      ns: 'Provision',
      name: 'Policy',
      children: [{ ns: 'Provision', name: 'Status', children: ['1'] }],
    });
    assert.deepEqual(el('Provision', 'Status', ['1']), el('Provision', 'Status', '1'));
    assert.deepEqual(el('ComposeMail', 'Mime', Buffer.from('x')).children, [Buffer.from('x')]);
  });

  it('checks tag names against the code page at compile time', () => {
    // @ts-expect-error PolicyKey is a Provision tag, not a Settings one
    const wrong = el('Settings', 'PolicyKey');
    assert.throws(() => encode(wrong), /UNKNOWN_TAG/);
  });
});

describe('reading a tree', () => {
  const request = decode(encode(provisionRequest));

  it('child follows a path; unprefixed steps stay in the namespace of the element searched', () => {
    assert.equal(child(request, 'Policies', 'Policy', 'PolicyType')?.name, 'PolicyType');
    assert.equal(child(request, 'Settings:DeviceInformation', 'Set', 'Model')?.ns, 'Settings');
    assert.equal(child(request, 'DeviceInformation'), undefined); // not a Provision element
    assert.equal(child(request, 'Policies', 'Nope', 'PolicyType'), undefined);
    assert.equal(child(undefined, 'Policies'), undefined);
    assert.equal(child(request), request);
  });

  it('childText and text', () => {
    assert.equal(childText(request, 'Settings:DeviceInformation', 'Set', 'UserAgent'), 'Android-Mail/2024.01.14');
    assert.equal(childText(request, 'Settings:DeviceInformation', 'Set', 'OSLanguage'), 'Português (Brasil)');
    assert.equal(childText(request, 'Settings:DeviceInformation', 'Set', 'EnableOutboundSMS'), undefined);
    assert.equal(childText(provisionResponse, 'Policies', 'Policy', 'Data', 'EASProvisionDoc', 'MaxAttachmentSize'), '');
    assert.equal(text(el('Notes', 'Subject', 'a', Buffer.from('ção'), el('Notes', 'Category', 'x'), 'b')), 'açãob');
  });

  it('children: all child elements or those matching one step', () => {
    const changes = child(folderSyncResponse, 'Changes')!;
    assert.equal(children(changes).length, 8);
    const adds = children(changes, 'Add');
    assert.deepEqual(
      adds.map((a) => childText(a, 'DisplayName')),
      ['Entrada', 'Itens Enviados', 'Rascunhos', 'Lixeira', 'Calendário', 'Contatos', 'Tarefas & <Notas>'],
    );
    assert.equal(children(changes, 'FolderHierarchy:Count').length, 1);
    assert.equal(children(changes, 'AirSync:Add').length, 0);
    assert.throws(() => children(changes, 'Nope:Add'), TypeError);
  });

  it('bytes: opaque data as is, text as UTF-8', () => {
    assert.deepEqual(bytes(el('ComposeMail', 'Mime', 'Subject: é\r\n', Buffer.from([0xff]))), Buffer.concat([Buffer.from('Subject: é\r\n'), Buffer.from([0xff])]));
  });

  it('isElement', () => {
    assert.equal(isElement(request), true);
    assert.equal(isElement('text'), false);
    assert.equal(isElement(Buffer.from('x')), false);
    assert.equal(isElement(undefined), false);
  });
});

describe('toXml', () => {
  it('writes xmlns where the code page changes, escapes text, base64 for opaque', () => {
    const tree = el(
      'Provision',
      'Provision',
      el('Settings', 'DeviceInformation', el('Settings', 'Set', el('Settings', 'Model', 'A & <B>'))),
      el('Provision', 'RemoteWipe'),
      el('Provision', 'Data', Buffer.from([1, 2, 3])),
    );
    assert.equal(
      toXml(tree),
      '<Provision xmlns="Provision:"><DeviceInformation xmlns="Settings:"><Set><Model>A &amp; &lt;B&gt;</Model></Set></DeviceInformation>' +
        '<RemoteWipe/><Data>AQID</Data></Provision>',
    );
    assert.equal(
      toXml(el('FolderHierarchy', 'FolderSync', el('FolderHierarchy', 'SyncKey', 0)), { indent: '  ' }),
      '<FolderSync xmlns="FolderHierarchy:">\n  <SyncKey>0</SyncKey>\n</FolderSync>\n',
    );
  });
});
