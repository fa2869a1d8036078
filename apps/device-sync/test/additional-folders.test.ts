// Additional folders (Z-Push webservice AdditionalFolderAdd/Edit/Remove/SetList): the seed's
// rules, and Z-Push's own where the seed is silent.
import { beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AdditionalFolder, DeviceErrorCode, ErrorCode } from '@gw/contracts';
import { admin, ALICE, Devices, PUBLIC_CALENDAR } from './device-fixture';

const refusedWith = (code: string) => (error: unknown) => (error as { code?: string }).code === code;
const folder = (folderId: string, name: string, extra: Partial<AdditionalFolder> = {}): AdditionalFolder => ({
  store: 'bob@example.org',
  folderId,
  parentId: '0',
  name,
  type: 12,
  flags: 0,
  ...extra,
});

describe('additional folders', () => {
  let d: Devices;
  const add = (f: AdditionalFolder) => d.run(admin('AddAdditionalFolder', 'phone1', 2_000, { folder: f }));
  const edit = (folderId: string, name: string, flags = 0) => d.run(admin('EditAdditionalFolder', 'phone1', 3_000, { folderId, name, flags }));
  const remove = (folderId: string) => d.run(admin('RemoveAdditionalFolder', 'phone1', 4_000, { folderId }));
  const setList = (store: string, folders: Omit<AdditionalFolder, 'store'>[]) => d.run(admin('SetAdditionalFolders', 'phone1', 5_000, { store, folders }));
  const names = () => d.device().additionalFolders.map((f) => f.name);

  beforeEach(() => {
    d = new Devices({ staticFolders: [PUBLIC_CALENDAR] });
    d.provisioned();
    d.run({ type: 'SetDeviceFolders', deviceId: 'phone1', folders: [{ id: '2', parentId: '0', name: 'Inbox', type: 2 }], at: 1_500, by: ALICE });
  });

  describe('add', () => {
    it('adds a folder of a store with its type and flags', () => {
      const f = folder('bobinbox', "Bob's Inbox", { flags: 1 });
      assert.deepEqual(add(f), [{ type: 'AdditionalFolderAdded', data: { deviceId: 'phone1', folder: f } }]);
      assert.deepEqual(d.device().additionalFolders, [f]);
    });

    it('needs a folder id, a name and a store', () => {
      assert.throws(() => add(folder('', 'Nameless id')), refusedWith(ErrorCode.INVALID_REQUEST));
      assert.throws(() => add(folder('x1', '  ')), refusedWith(ErrorCode.INVALID_REQUEST));
      assert.throws(() => add(folder('x1', 'No store', { store: ' ' })), refusedWith(ErrorCode.INVALID_REQUEST));
    });

    it('only user folder types (1, 12–17) are permitted', () => {
      for (const type of [2, 8, 9, 11, 18, 19]) assert.throws(() => add(folder(`t${type}`, `Type ${type}`, { type })), refusedWith(ErrorCode.INVALID_REQUEST));
      for (const type of [1, 12, 13, 14, 15, 16, 17]) add(folder(`t${type}`, `Type ${type}`, { type }));
      assert.equal(d.device().additionalFolders.length, 7);
    });

    it('refuses an id already in the list, configured, or synchronised to the device', () => {
      add(folder('bobinbox', "Bob's Inbox"));
      assert.throws(() => add(folder('bobinbox', 'Other name')), refusedWith(DeviceErrorCode.FOLDER_EXISTS));
      assert.throws(() => add(folder('pubcal', 'Other name')), refusedWith(DeviceErrorCode.FOLDER_EXISTS));
      assert.throws(() => add(folder('2', 'Other name')), refusedWith(DeviceErrorCode.FOLDER_EXISTS));
    });

    it('the name has to be unique for all folders on the device', () => {
      add(folder('bobinbox', "Bob's Inbox"));
      assert.throws(() => add(folder('x1', "Bob's Inbox")), refusedWith(DeviceErrorCode.FOLDER_EXISTS), 'another additional folder');
      assert.throws(() => add(folder('x2', 'Public Calendar')), refusedWith(DeviceErrorCode.FOLDER_EXISTS), 'a configured folder');
      assert.throws(() => add(folder('x3', 'Inbox')), refusedWith(DeviceErrorCode.FOLDER_EXISTS), 'a synchronised folder');
    });

    it('an additional folder the device already synchronised does not clash with itself', () => {
      add(folder('bobinbox', "Bob's Inbox"));
      d.run({ type: 'SetDeviceFolders', deviceId: 'phone1', folders: [{ id: '2', parentId: '0', name: 'Inbox', type: 2 }, { id: 'bobinbox', parentId: '0', name: "Bob's Inbox", type: 12 }], at: 1, by: ALICE });
      assert.deepEqual(edit('bobinbox', "Bob's Inbox", 1).map((e) => e.type), ['AdditionalFolderEdited']);
    });

    it('a parent must be an additional folder', () => {
      add(folder('bobinbox', "Bob's Inbox"));
      add(folder('bobsub', 'Sub', { parentId: 'bobinbox' }));
      add(folder('calsub', 'Cal sub', { parentId: 'pubcal', type: 13 }));
      assert.throws(() => add(folder('orphan', 'Orphan', { parentId: 'nowhere' })), refusedWith(DeviceErrorCode.NO_SUCH_FOLDER));
      assert.throws(() => add(folder('inboxsub', 'Inbox sub', { parentId: '2' })), refusedWith(DeviceErrorCode.NO_SUCH_FOLDER));
    });

    it('refuses a device the account does not have', () => {
      assert.throws(() => d.run(admin('AddAdditionalFolder', 'ghost', 1, { folder: folder('a', 'A') })), refusedWith(DeviceErrorCode.NO_SUCH_DEVICE));
    });
  });

  describe('edit', () => {
    it('replaces name and flags; store, id, type and parent stay', () => {
      add(folder('bobinbox', "Bob's Inbox", { type: 12 }));
      assert.deepEqual(edit('bobinbox', 'Bob', 1), [{ type: 'AdditionalFolderEdited', data: { deviceId: 'phone1', folderId: 'bobinbox', name: 'Bob', flags: 1 } }]);
      assert.deepEqual(d.device().additionalFolders, [folder('bobinbox', 'Bob', { flags: 1 })]);
      assert.deepEqual(edit('bobinbox', 'Bob', 1), [], 'unchanged');
    });

    it('refuses configured folders, unknown ones, an empty name and a name already on the device', () => {
      add(folder('bobinbox', "Bob's Inbox"));
      add(folder('bobcal', "Bob's Calendar", { type: 13 }));
      assert.throws(() => edit('pubcal', 'Renamed'), refusedWith(DeviceErrorCode.STATIC_FOLDER));
      assert.throws(() => edit('nothere', 'Renamed'), refusedWith(DeviceErrorCode.NO_SUCH_FOLDER));
      assert.throws(() => edit('bobinbox', ''), refusedWith(ErrorCode.INVALID_REQUEST));
      assert.throws(() => edit('bobinbox', "Bob's Calendar"), refusedWith(DeviceErrorCode.FOLDER_EXISTS));
      assert.throws(() => edit('bobinbox', 'Inbox'), refusedWith(DeviceErrorCode.FOLDER_EXISTS));
    });
  });

  describe('remove', () => {
    it('removes the folder and the user-made folders below it', () => {
      add(folder('bobinbox', "Bob's Inbox"));
      add(folder('bobsub', 'Sub', { parentId: 'bobinbox' }));
      add(folder('bobsubsub', 'Sub sub', { parentId: 'bobsub' }));
      add(folder('other', 'Other'));
      assert.deepEqual(remove('bobinbox'), [{ type: 'AdditionalFoldersRemoved', data: { deviceId: 'phone1', folderIds: ['bobinbox', 'bobsub', 'bobsubsub'] } }]);
      assert.deepEqual(names(), ['Other']);
    });

    it('refuses configured folders and unknown ones', () => {
      assert.throws(() => remove('pubcal'), refusedWith(DeviceErrorCode.STATIC_FOLDER));
      assert.throws(() => remove('nothere'), refusedWith(DeviceErrorCode.NO_SUCH_FOLDER));
    });
  });

  describe('set list', () => {
    it("replaces the store's folders, parents first, and leaves other stores' alone", () => {
      add(folder('old', 'Old one'));
      add(folder('carol1', "Carol's Inbox", { store: 'carol' }));
      const events = setList('bob@example.org', [
        { folderId: 'child', parentId: 'top', name: 'Child', type: 12, flags: 0 },
        { folderId: 'top', parentId: '0', name: 'Top', type: 12, flags: 1 },
      ]);
      assert.deepEqual(events.map((e) => e.type), ['AdditionalFoldersSet']);
      assert.deepEqual(names(), ["Carol's Inbox", 'Top', 'Child']);
      assert.deepEqual(setList('bob@example.org', [
        { folderId: 'top', parentId: '0', name: 'Top', type: 12, flags: 1 },
        { folderId: 'child', parentId: 'top', name: 'Child', type: 12, flags: 0 },
      ]), [], 'the same list again');
      setList('bob@example.org', []);
      assert.deepEqual(names(), ["Carol's Inbox"]);
    });

    it('may reuse the names and ids of the folders it replaces', () => {
      add(folder('bobinbox', "Bob's Inbox"));
      setList('bob@example.org', [{ folderId: 'bobinbox', parentId: '0', name: "Bob's Inbox", type: 12, flags: 1 }]);
      assert.deepEqual(d.device().additionalFolders, [folder('bobinbox', "Bob's Inbox", { flags: 1 })]);
    });

    it('ignores configured folders in the list', () => {
      setList('SYSTEM', [
        { folderId: 'pubcal', parentId: '0', name: 'Hijacked', type: 13, flags: 0 },
        { folderId: 'pubnotes', parentId: '0', name: 'Public Notes', type: 17, flags: 0 },
      ]);
      assert.deepEqual(names(), ['Public Notes']);
    });

    it('refuses the whole list for one bad entry: no id or name, bad type, duplicate, unplaceable parent', () => {
      add(folder('carol1', "Carol's Inbox", { store: 'carol' }));
      const ok = { folderId: 'fine', parentId: '0', name: 'Fine', type: 12, flags: 0 };
      const refusals: [Omit<AdditionalFolder, 'store'>, string][] = [
        [{ ...ok, folderId: 'noname', name: '' }, ErrorCode.INVALID_REQUEST],
        [{ ...ok, folderId: 'badtype', name: 'Bad', type: 2 }, ErrorCode.INVALID_REQUEST],
        [{ ...ok, name: 'Same id' }, DeviceErrorCode.FOLDER_EXISTS],
        [{ ...ok, folderId: 'samename' }, DeviceErrorCode.FOLDER_EXISTS],
        [{ ...ok, folderId: 'carol1', name: 'Taken id' }, DeviceErrorCode.FOLDER_EXISTS],
        [{ ...ok, folderId: 'inboxname', name: 'Inbox' }, DeviceErrorCode.FOLDER_EXISTS],
        [{ ...ok, folderId: 'orphan', name: 'Orphan', parentId: 'nowhere' }, DeviceErrorCode.NO_SUCH_FOLDER],
      ];
      for (const [bad, code] of refusals) assert.throws(() => setList('bob@example.org', [ok, bad]), refusedWith(code), bad.folderId);
      assert.throws(() => setList('', [ok]), refusedWith(ErrorCode.INVALID_REQUEST));
      assert.deepEqual(names(), ["Carol's Inbox"]);
    });

    it('parents may be kept folders of other stores or configured ones, but not a cycle', () => {
      add(folder('carol1', "Carol's Inbox", { store: 'carol' }));
      setList('bob@example.org', [
        { folderId: 'a', parentId: 'carol1', name: 'A', type: 12, flags: 0 },
        { folderId: 'b', parentId: 'pubcal', name: 'B', type: 13, flags: 0 },
      ]);
      assert.throws(
        () => setList('bob@example.org', [
          { folderId: 'x', parentId: 'y', name: 'X', type: 12, flags: 0 },
          { folderId: 'y', parentId: 'x', name: 'Y', type: 12, flags: 0 },
        ]),
        refusedWith(DeviceErrorCode.NO_SUCH_FOLDER),
      );
    });
  });
});
