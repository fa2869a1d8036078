import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CODE_PAGES, codePageNumber, tagName, tagToken } from '../src';

const pages = Object.entries(CODE_PAGES) as [string, { page: number; tags: Record<number, string> }][];

describe('code page tables', () => {
  it('has pages 0-25 of MS-ASWBXML, without the unused page 3', () => {
    assert.deepEqual(
      pages.map(([name, { page }]) => `${page} ${name}`),
      [
        '0 AirSync', '1 Contacts', '2 Email', '4 Calendar', '5 Move', '6 GetItemEstimate', '7 FolderHierarchy',
        '8 MeetingResponse', '9 Tasks', '10 ResolveRecipients', '11 ValidateCert', '12 Contacts2', '13 Ping',
        '14 Provision', '15 Search', '16 GAL', '17 AirSyncBase', '18 Settings', '19 DocumentLibrary',
        '20 ItemOperations', '21 ComposeMail', '22 Email2', '23 Notes', '24 RightsManagement', '25 Find',
      ],
    );
  });

  it('tokens are 0x05-0x3F, names are XML names and unique within their page', () => {
    for (const [ns, { page, tags }] of pages) {
      const names = new Set<string>();
      for (const [token, name] of Object.entries(tags)) {
        assert.ok(Number(token) >= 0x05 && Number(token) <= 0x3f, `${ns} 0x${Number(token).toString(16)}`);
        assert.match(name, /^[A-Za-z][A-Za-z0-9]*$/, `${ns} ${name}`);
        assert.ok(!names.has(name), `${ns} has ${name} twice`);
        names.add(name);
        assert.equal(tagToken(ns, name), Number(token));
        assert.equal(tagName(page, Number(token)), name);
      }
      assert.equal(codePageNumber(ns), page);
    }
    assert.equal(codePageNumber('AirNotify'), undefined);
    assert.equal(tagName(3, 0x05), undefined);
    assert.equal(tagToken('Provision', 'Model'), undefined);
  });

  it('the tokens of Provision, DeviceInformation and FolderSync (MS-ASWBXML 2.1.2.1.15, .19, .8)', () => {
    const expect = (ns: string, tokens: Record<string, number>) => {
      for (const [name, token] of Object.entries(tokens)) assert.equal(tagToken(ns, name), token, `${ns}:${name}`);
    };
    expect('Provision', {
      Provision: 0x05, Policies: 0x06, Policy: 0x07, PolicyType: 0x08, PolicyKey: 0x09, Data: 0x0a, Status: 0x0b,
      RemoteWipe: 0x0c, EASProvisionDoc: 0x0d, DevicePasswordEnabled: 0x0e, MaxAttachmentSize: 0x17,
      ApprovedApplicationList: 0x39, Hash: 0x3a, AccountOnlyRemoteWipe: 0x3b,
    });
    expect('Settings', {
      Settings: 0x05, Status: 0x06, Get: 0x07, Set: 0x08, DeviceInformation: 0x16, Model: 0x17, IMEI: 0x18,
      FriendlyName: 0x19, OS: 0x1a, OSLanguage: 0x1b, PhoneNumber: 0x1c, UserAgent: 0x20, EnableOutboundSMS: 0x21,
      MobileOperator: 0x22,
    });
    expect('FolderHierarchy', {
      DisplayName: 0x07, ServerId: 0x08, ParentId: 0x09, Type: 0x0a, Status: 0x0c, Changes: 0x0e, Add: 0x0f,
      Delete: 0x10, Update: 0x11, SyncKey: 0x12, FolderCreate: 0x13, FolderDelete: 0x14, FolderUpdate: 0x15,
      FolderSync: 0x16, Count: 0x17,
    });
  });
});
