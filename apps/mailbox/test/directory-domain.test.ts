// The directory's rules as pure functions: decide on a state, fold the events, decide again.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DirectoryEvent, DomainError } from '@gw/contracts';
import { decide, DirectoryCommand } from '../src/directory/domain/decide';
import { DirectoryState, emptyDirectory, evolve, findAccount } from '../src/directory/domain/directory-state';
import { matchesFilter, parseLdapFilter } from '../src/directory/domain/ldap-filter';

let ids = 0;
const ctx = () => ({ now: new Date('2026-11-23T10:00:00Z'), newId: () => `id-${++ids}` });
const password = (plain: string) => ({ plain, hash: `hash(${plain})` });

function apply(state: DirectoryState, command: DirectoryCommand): DirectoryEvent[] {
  const events = decide(state, command, ctx());
  for (const e of events) evolve(state, e);
  return events;
}

const refused = (state: DirectoryState, command: DirectoryCommand, code: string) =>
  assert.throws(() => decide(state, command, ctx()), (e: unknown) => e instanceof DomainError && e.code === code);

function directory(): DirectoryState {
  const s = emptyDirectory();
  apply(s, { type: 'CreateCos', name: 'default', attrs: { zimbraPasswordMinLength: ['6'] } });
  apply(s, { type: 'CreateDomain', name: 'example.org', attrs: {} });
  apply(s, { type: 'CreateAccount', name: 'Ann@Example.org', password: password('ann-password'), attrs: { displayName: ['Ann'] } });
  return s;
}
const ann = (s: DirectoryState) => findAccount(s, 'name', 'ann@example.org')!;

describe('directory decisions', () => {
  it('creates an account with its server-maintained attributes, lower-cased', () => {
    const s = directory();
    const a = ann(s);
    assert.equal(a.name, 'ann@example.org');
    assert.deepEqual(a.attrs.mail, ['ann@example.org']);
    assert.deepEqual(a.attrs.uid, ['ann']);
    assert.deepEqual(a.attrs.zimbraAccountStatus, ['active']);
    assert.deepEqual(a.attrs.zimbraCreateTimestamp, ['20261123100000Z']);
    assert.equal(a.passwordHash, 'hash(ann-password)');
  });

  it('an address is unique across accounts, aliases and lists', () => {
    const s = directory();
    refused(s, { type: 'CreateAccount', name: 'ANN@example.org', attrs: {} }, 'account.ACCOUNT_EXISTS');
    apply(s, { type: 'AddAccountAlias', id: ann(s).id, alias: 'a@example.org' });
    refused(s, { type: 'CreateDistributionList', name: 'a@example.org', attrs: {} }, 'account.DISTRIBUTION_LIST_EXISTS');
    refused(s, { type: 'CreateAccount', name: 'a@example.org', attrs: {} }, 'account.ACCOUNT_EXISTS');
    assert.equal(findAccount(s, 'name', 'A@example.org')?.id, ann(s).id);
  });

  it('needs an existing domain and a well-formed address', () => {
    const s = directory();
    refused(s, { type: 'CreateAccount', name: 'bob@nowhere.org', attrs: {} }, 'account.NO_SUCH_DOMAIN');
    refused(s, { type: 'CreateAccount', name: 'no-at-sign', attrs: {} }, 'service.INVALID_REQUEST');
    refused(s, { type: 'CreateAccount', name: 'bad name@example.org', attrs: {} }, 'service.INVALID_REQUEST');
  });

  it('password rules come from the class of service', () => {
    const s = directory();
    refused(s, { type: 'SetPassword', id: ann(s).id, password: password('12345'), by: 'admin' }, 'account.INVALID_PASSWORD');
    apply(s, { type: 'ModifyCos', id: [...s.coses.keys()][0], attrs: { zimbraPasswordMinLength: ['10'] } });
    refused(s, { type: 'SetPassword', id: ann(s).id, password: password('nine-char'), by: 'admin' }, 'account.INVALID_PASSWORD');
    const before = ann(s).passwordVersion;
    apply(s, { type: 'SetPassword', id: ann(s).id, password: password('ten-chars!'), by: 'admin' });
    assert.equal(ann(s).passwordVersion, before + 1);
  });

  it('modify: an empty value removes, +/- add and remove one value, server attributes are refused', () => {
    const s = directory();
    const id = ann(s).id;
    apply(s, { type: 'ModifyAccount', id, attrs: { description: ['x', 'y'] } });
    apply(s, { type: 'ModifyAccount', id, attrs: { '+description': ['z'], '-description': ['x'] } });
    assert.deepEqual(ann(s).attrs.description, ['y', 'z']);
    apply(s, { type: 'ModifyAccount', id, attrs: { displayName: [''] } });
    assert.equal(ann(s).attrs.displayName, undefined);
    refused(s, { type: 'ModifyAccount', id, attrs: { zimbraId: ['forged'] } }, 'account.INVALID_ATTR_NAME');
    refused(s, { type: 'ModifyAccount', id, attrs: { 'bad name': ['x'] } }, 'account.INVALID_ATTR_NAME');
    refused(s, { type: 'ModifyAccount', id, attrs: { zimbraCOSId: ['no-such-cos'] } }, 'account.NO_SUCH_COS');
    assert.deepEqual(decide(s, { type: 'ModifyAccount', id, attrs: {} }, ctx()), []);
  });

  it('rename frees the old address for reuse and keeps the id', () => {
    const s = directory();
    const id = ann(s).id;
    apply(s, { type: 'RenameAccount', id, newName: 'anna@example.org' });
    assert.equal(findAccount(s, 'name', 'anna@example.org')?.id, id);
    assert.equal(findAccount(s, 'name', 'ann@example.org'), undefined);
    apply(s, { type: 'CreateAccount', name: 'ann@example.org', attrs: {} });
    assert.notEqual(findAccount(s, 'name', 'ann@example.org')?.id, id);
  });

  it('a domain with entries cannot be deleted; an empty one can', () => {
    const s = directory();
    const domainId = [...s.domains.keys()][0];
    refused(s, { type: 'DeleteDomain', id: domainId }, 'account.DOMAIN_NOT_EMPTY');
    apply(s, { type: 'DeleteAccount', id: ann(s).id });
    assert.equal(apply(s, { type: 'DeleteDomain', id: domainId })[0].type, 'DomainDeleted');
  });

  it('lists: adding a member twice is a no-op, removing a non-member fails the whole request', () => {
    const s = directory();
    apply(s, { type: 'CreateDistributionList', name: 'team@example.org', attrs: {} });
    const dl = [...s.dls.values()][0];
    apply(s, { type: 'AddDistributionListMember', id: dl.id, members: ['ann@example.org', 'x@other.org'] });
    assert.deepEqual(decide(s, { type: 'AddDistributionListMember', id: dl.id, members: ['ANN@example.org'] }, ctx()), []);
    refused(s, { type: 'RemoveDistributionListMember', id: dl.id, members: ['ann@example.org', 'ghost@example.org'] }, 'account.NO_SUCH_MEMBER');
    assert.deepEqual(dl.members, ['ann@example.org', 'x@other.org']);
    // A deleted account leaves the lists it was in.
    apply(s, { type: 'DeleteAccount', id: ann(s).id });
    assert.deepEqual(dl.members, ['x@other.org']);
  });

  it('rights: known rights on existing entries; user-only grantees only for user rights', () => {
    const s = directory();
    const grant = (right: string, granteeType = 'usr') =>
      ({ type: 'GrantRight', target: { type: 'domain', by: 'name', value: 'example.org' }, grantee: { type: granteeType, by: 'name', value: 'ann@example.org' }, right, deny: false, canDelegate: false }) as DirectoryCommand;
    assert.equal(apply(s, grant('createAccount')).length, 1);
    assert.deepEqual(decide(s, grant('createAccount'), ctx()), [], 'the same grant twice is a no-op');
    assert.equal(apply(s, grant('set.account.displayName')).length, 1);
    refused(s, grant('teleport'), 'account.NO_SUCH_RIGHT');
    refused(s, grant('createAccount', 'pub'), 'service.INVALID_REQUEST');
  });

  it('prefs are zimbraPref* only and support +/-', () => {
    const s = directory();
    apply(s, { type: 'ModifyPrefs', accountId: ann(s).id, prefs: [{ name: 'zimbraPrefMailForwardingAddress', value: 'a@x.org' }, { name: '+zimbraPrefMailForwardingAddress', value: 'b@x.org' }] });
    assert.deepEqual(ann(s).attrs.zimbraPrefMailForwardingAddress, ['a@x.org', 'b@x.org']);
    refused(s, { type: 'ModifyPrefs', accountId: ann(s).id, prefs: [{ name: 'zimbraIsAdminAccount', value: 'TRUE' }] }, 'service.INVALID_REQUEST');
  });
});

describe('LDAP filters for SearchDirectory', () => {
  const attrs = { mail: ['ann@example.org'], displayName: ['Ann Smith'], zimbraAccountStatus: ['active'] };
  const match = (f: string) => matchesFilter(parseLdapFilter(f), attrs);

  it('matches equality, presence, substrings, and/or/not, case-insensitively', () => {
    assert.ok(match('(mail=ANN@example.org)'));
    assert.ok(match('(displayName=*)'));
    assert.ok(!match('(sn=*)'));
    assert.ok(match('(displayName=ann*smith)'));
    assert.ok(match('(|(mail=*nobody*)(displayName=*smi*))'));
    assert.ok(!match('(&(mail=*ann*)(!(zimbraAccountStatus=active)))'));
    assert.ok(match('mail=*@example.org'));
    assert.ok(match(''));
  });

  it('refuses malformed filters', () => {
    for (const bad of ['(mail=x', '(&(mail=x)', '((mail=x))', '(=x)', '(mail=x))']) {
      assert.throws(() => parseLdapFilter(bad), (e: unknown) => e instanceof DomainError && e.code === 'service.INVALID_REQUEST', bad);
    }
  });
});
