// Mail over Zimbra SOAP, as clients drive it: folders and tags in XML and JSON, the errors Zimbra
// raises, and one user never reaching another's mailbox.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { contextHeader, post, RunningSystem, soap12, startSystem } from '../support/system';
import { faultCodeOf, SoapUser } from '../support/mail-client';
import { rawMessage, xmlEscape } from '../support/raw-mime';

describe('mail over Zimbra SOAP', { timeout: 240_000 }, () => {
  let system: RunningSystem;
  let ann: SoapUser;
  let bob: SoapUser;

  before(async () => {
    system = await startSystem();
    const auth = await post(system.adminUrl, soap12(`<AuthRequest xmlns="urn:zimbraAdmin"><name>${system.adminEmail}</name><password>${system.adminPassword}</password></AuthRequest>`));
    const adminToken = /<authToken>([^<]+)</.exec(auth.text)![1];
    for (const name of ['ann', 'bob']) {
      const created = await post(
        system.adminUrl,
        soap12(`<CreateAccountRequest xmlns="urn:zimbraAdmin"><name>${name}@e2e.test</name><password>${name}-password</password></CreateAccountRequest>`, contextHeader(adminToken)),
      );
      assert.equal(created.status, 200, created.text);
    }
    ann = await SoapUser.signIn(system.userUrl, 'ann@e2e.test', 'ann-password');
    bob = await SoapUser.signIn(system.userUrl, 'bob@e2e.test', 'bob-password');
  });
  after(async () => system?.stop());

  it('a fresh mailbox has the system folders under the root (id 1)', async () => {
    const res = await ann.xml('<GetFolderRequest xmlns="urn:zimbraMail"/>');
    assert.equal(res.status, 200, res.text);
    assert.match(res.text, /<folder id="1" name="USER_ROOT" l="11"/);
    for (const [id, name] of [[2, 'Inbox'], [3, 'Trash'], [4, 'Junk'], [5, 'Sent'], [6, 'Drafts'], [7, 'Contacts'], [10, 'Calendar']]) {
      assert.match(res.text, new RegExp(`<folder id="${id}" name="${name}" l="1"`));
    }
  });

  let projects = 0;
  it('CreateFolder in XML and JSON; GetFolder shows the tree with paths; the errors', async () => {
    const created = await ann.xml('<CreateFolderRequest xmlns="urn:zimbraMail"><folder name="Projects" l="1"/></CreateFolderRequest>');
    assert.equal(created.status, 200, created.text);
    projects = Number(/<folder id="(\d+)"/.exec(created.text)![1]);
    assert.ok(projects >= 257);
    const sub = await ann.json('CreateFolderRequest', { folder: { name: 'Alpha', l: String(projects), color: '3' } });
    const alpha = sub.Body.CreateFolderResponse.folder[0];
    assert.equal(alpha.name, 'Alpha');
    assert.equal(alpha.absFolderPath, '/Projects/Alpha');
    assert.equal(alpha.color, 3);
    // A full path without l.
    const byPath = await ann.xml('<CreateFolderRequest xmlns="urn:zimbraMail"><folder name="/Projects/Beta"/></CreateFolderRequest>');
    assert.match(byPath.text, /absFolderPath="\/Projects\/Beta"/);

    assert.equal(faultCodeOf((await ann.xml('<CreateFolderRequest xmlns="urn:zimbraMail"><folder name="projects" l="1"/></CreateFolderRequest>')).text), 'mail.ALREADY_EXISTS');
    assert.equal(faultCodeOf((await ann.xml('<CreateFolderRequest xmlns="urn:zimbraMail"><folder name="a:b" l="1"/></CreateFolderRequest>')).text), 'mail.INVALID_NAME');
    assert.equal(faultCodeOf((await ann.xml('<CreateFolderRequest xmlns="urn:zimbraMail"><folder name="x" l="9999"/></CreateFolderRequest>')).text), 'mail.NO_SUCH_FOLDER');
    const fie = await ann.xml('<CreateFolderRequest xmlns="urn:zimbraMail"><folder name="Projects" l="1" fie="1"/></CreateFolderRequest>');
    assert.match(fie.text, new RegExp(`<folder id="${projects}"`));

    const tree = await ann.json('GetFolderRequest', { folder: { l: String(projects) } });
    const root = tree.Body.GetFolderResponse.folder[0];
    assert.equal(root.id, String(projects));
    assert.deepEqual(root.folder.map((f: any) => f.name).sort(), ['Alpha', 'Beta']);
  });

  it('FolderAction: rename, move (not under itself), color, delete; system folders are immutable', async () => {
    const tree = await ann.json('GetFolderRequest', { folder: { path: '/Projects' } });
    const [alpha, beta] = tree.Body.GetFolderResponse.folder[0].folder.sort((a: any, b: any) => a.name.localeCompare(b.name));
    const rename = await ann.xml(`<FolderActionRequest xmlns="urn:zimbraMail"><action op="rename" id="${alpha.id}" name="Gamma"/></FolderActionRequest>`);
    assert.match(rename.text, new RegExp(`<action id="${alpha.id}" op="rename"/>`));
    await ann.xml(`<FolderActionRequest xmlns="urn:zimbraMail"><action op="move" id="${beta.id}" l="2"/></FolderActionRequest>`);
    const moved = await ann.json('GetFolderRequest', { folder: { path: 'Inbox/Beta' } });
    assert.equal(moved.Body.GetFolderResponse.folder[0].absFolderPath, '/Inbox/Beta');
    assert.equal(faultCodeOf((await ann.xml(`<FolderActionRequest xmlns="urn:zimbraMail"><action op="move" id="${projects}" l="${alpha.id}"/></FolderActionRequest>`)).text), 'mail.CANNOT_CONTAIN');
    assert.equal(faultCodeOf((await ann.xml('<FolderActionRequest xmlns="urn:zimbraMail"><action op="delete" id="2"/></FolderActionRequest>')).text), 'mail.IMMUTABLE_OBJECT');
    assert.equal(faultCodeOf((await ann.xml('<FolderActionRequest xmlns="urn:zimbraMail"><action op="frobnicate" id="2"/></FolderActionRequest>')).text), 'service.INVALID_REQUEST');
    await ann.xml(`<FolderActionRequest xmlns="urn:zimbraMail"><action op="color" id="${projects}" color="5"/></FolderActionRequest>`);
    await ann.xml(`<FolderActionRequest xmlns="urn:zimbraMail"><action op="delete" id="${projects}"/></FolderActionRequest>`);
    const after = await ann.xml('<GetFolderRequest xmlns="urn:zimbraMail"/>');
    assert.doesNotMatch(after.text, /Projects|Gamma/);
    assert.match(after.text, /absFolderPath="\/Inbox\/Beta"/);
  });

  it('tags: create, list, rename, color, delete; duplicates and unknown tags fail', async () => {
    const created = await ann.json('CreateTagRequest', { tag: { name: 'Urgent', color: '2' } });
    const tag = created.Body.CreateTagResponse.tag[0];
    assert.equal(tag.name, 'Urgent');
    assert.equal(faultCodeOf((await ann.xml('<CreateTagRequest xmlns="urn:zimbraMail"><tag name="urgent"/></CreateTagRequest>')).text), 'mail.ALREADY_EXISTS');
    await ann.xml(`<TagActionRequest xmlns="urn:zimbraMail"><action op="rename" id="${tag.id}" name="Critical"/></TagActionRequest>`);
    const list = await ann.xml('<GetTagRequest xmlns="urn:zimbraMail"/>');
    assert.match(list.text, new RegExp(`<tag id="${tag.id}" name="Critical" color="2"`));
    assert.equal(faultCodeOf((await ann.xml('<TagActionRequest xmlns="urn:zimbraMail"><action op="delete" id="99999"/></TagActionRequest>')).text), 'mail.NO_SUCH_TAG');
    await ann.xml(`<TagActionRequest xmlns="urn:zimbraMail"><action op="delete" id="${tag.id}"/></TagActionRequest>`);
    assert.doesNotMatch((await ann.xml('<GetTagRequest xmlns="urn:zimbraMail"/>')).text, /Critical/);
  });

  it('FolderAction read, update (color) and trash keep the folder\'s counts; empty removes its messages', async () => {
    const created = await ann.xml('<CreateFolderRequest xmlns="urn:zimbraMail"><folder name="Scratch" l="1"/></CreateFolderRequest>');
    const id = /<folder id="(\d+)"/.exec(created.text)![1];
    for (const n of [1, 2]) {
      const raw = rawMessage({ from: 'x@y.test', to: 'ann@e2e.test', subject: `scratch ${n}`, body: 'b', date: new Date().toUTCString(), messageId: `<scratch-${n}@t>` });
      const added = await ann.xml(`<AddMsgRequest xmlns="urn:zimbraMail"><m l="${id}" f="u"><content>${xmlEscape(raw)}</content></m></AddMsgRequest>`);
      assert.equal(added.status, 200, added.text);
    }
    const folder = async () => (await ann.json('GetItemRequest', { item: { id } })).Body.GetItemResponse.folder[0];
    assert.deepEqual([(await folder()).n, (await folder()).u], [2, 2]);
    await ann.xml(`<FolderActionRequest xmlns="urn:zimbraMail"><action op="read" id="${id}"/></FolderActionRequest>`);
    assert.deepEqual([(await folder()).n, (await folder()).u], [2, undefined]);
    await ann.xml(`<FolderActionRequest xmlns="urn:zimbraMail"><action op="update" id="${id}" color="4"/></FolderActionRequest>`);
    await ann.xml(`<FolderActionRequest xmlns="urn:zimbraMail"><action op="trash" id="${id}"/></FolderActionRequest>`);
    const trashed = await folder();
    assert.equal(trashed.absFolderPath, '/Trash/Scratch');
    assert.equal(trashed.color, 4);
    assert.equal(trashed.n, 2);
    await ann.xml(`<FolderActionRequest xmlns="urn:zimbraMail"><action op="empty" id="${id}"/></FolderActionRequest>`);
    assert.equal((await folder()).n, undefined);
    const left = await ann.xml('<SearchRequest xmlns="urn:zimbraMail" types="message"><query>in:"/Trash/Scratch"</query></SearchRequest>');
    assert.doesNotMatch(left.text, /<m /);
  });

  it('GetItem finds a folder by id or path and a tag by id; unknown items are mail.NO_SUCH_ITEM', async () => {
    const byId = await ann.xml('<GetItemRequest xmlns="urn:zimbraMail"><item id="2"/></GetItemRequest>');
    assert.match(byId.text, /<folder id="2" name="Inbox"/);
    const byPath = await ann.xml('<GetItemRequest xmlns="urn:zimbraMail"><item path="/Inbox/Beta"/></GetItemRequest>');
    assert.match(byPath.text, /absFolderPath="\/Inbox\/Beta"/);
    const relative = await ann.xml('<GetItemRequest xmlns="urn:zimbraMail"><item l="2" path="Beta"/></GetItemRequest>');
    assert.match(relative.text, /absFolderPath="\/Inbox\/Beta"/);
    const tag = await ann.json('CreateTagRequest', { tag: { name: 'Findme' } });
    const tagItem = await ann.xml(`<GetItemRequest xmlns="urn:zimbraMail"><item id="${tag.Body.CreateTagResponse.tag[0].id}"/></GetItemRequest>`);
    assert.match(tagItem.text, /<tag id="\d+" name="Findme"/);
    assert.equal(faultCodeOf((await ann.xml('<GetItemRequest xmlns="urn:zimbraMail"><item id="99999"/></GetItemRequest>')).text), 'mail.NO_SUCH_ITEM');
    assert.equal(faultCodeOf((await ann.xml('<GetItemRequest xmlns="urn:zimbraMail"><item path="/Nowhere"/></GetItemRequest>')).text), 'mail.NO_SUCH_ITEM');
  });

  it('one user never sees or changes another\'s folders', async () => {
    const annFolder = await ann.xml('<CreateFolderRequest xmlns="urn:zimbraMail"><folder name="Private" l="1"/></CreateFolderRequest>');
    const id = /<folder id="(\d+)"/.exec(annFolder.text)![1];
    const bobsView = await bob.xml('<GetFolderRequest xmlns="urn:zimbraMail"/>');
    assert.doesNotMatch(bobsView.text, /Private/);
    assert.equal(faultCodeOf((await bob.xml(`<FolderActionRequest xmlns="urn:zimbraMail"><action op="delete" id="${id}"/></FolderActionRequest>`)).text), 'mail.NO_SUCH_FOLDER');
    assert.equal(faultCodeOf((await bob.xml(`<GetFolderRequest xmlns="urn:zimbraMail"><folder l="${id}"/></GetFolderRequest>`)).text), 'mail.NO_SUCH_FOLDER');
    // Naming Ann's account in the context does not help Bob either.
    const sneaky = await post(
      system.userUrl,
      soap12('<GetFolderRequest xmlns="urn:zimbraMail"/>', `<context xmlns="urn:zimbra"><authToken>${bob.token}</authToken><account by="name">ann@e2e.test</account></context>`),
    );
    assert.equal(faultCodeOf(sneaky.text), 'service.PERM_DENIED');
    assert.match((await ann.xml('<GetFolderRequest xmlns="urn:zimbraMail"/>')).text, /Private/);
  });
});
