// Who may have their presence published at /xmpp/status/<jid>: the domain opts in
// (zimbraPresencePublished, default FALSE), the user overrides it either way with the preference of
// the same name, and everything the HTTP edge must not tell apart comes out as null.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '@gw/contracts';
import { decide, DirectoryCommand } from '../src/directory/domain/decide';
import { DirectoryState, emptyDirectory, evolve, findAccount, findDomain } from '../src/directory/domain/directory-state';
import { isPresencePublished, presencePublication } from '../src/directory/domain/presence-publication';

let ids = 0;
const ctx = () => ({ now: new Date('2026-11-23T10:00:00Z'), newId: () => `id-${++ids}` });

function apply(state: DirectoryState, command: DirectoryCommand): void {
  for (const e of decide(state, command, ctx())) evolve(state, e);
}

/** One domain with one account, each with the setting given (undefined: never set). */
function directory(domainValue?: string, userValue?: string): { state: DirectoryState; accountId: string } {
  const state = emptyDirectory();
  apply(state, { type: 'CreateCos', name: 'default', attrs: {} });
  apply(state, { type: 'CreateDomain', name: 'example.org', attrs: {} });
  if (domainValue) apply(state, { type: 'ModifyDomain', id: findDomain(state, 'name', 'example.org')!.id, attrs: { zimbraPresencePublished: [domainValue] } });
  apply(state, { type: 'CreateAccount', name: 'ann@example.org', attrs: {} });
  const accountId = findAccount(state, 'name', 'ann@example.org')!.id;
  // The user's own switch, as ModifyPrefs sets it.
  if (userValue) apply(state, { type: 'ModifyPrefs', accountId, prefs: [{ name: 'zimbraPresencePublished', value: userValue }] });
  return { state, accountId };
}

const MATRIX: [domain: string | undefined, user: string | undefined, published: boolean][] = [
  [undefined, undefined, false],
  [undefined, 'TRUE', true],
  [undefined, 'FALSE', false],
  ['FALSE', undefined, false],
  ['FALSE', 'TRUE', true],
  ['FALSE', 'FALSE', false],
  ['TRUE', undefined, true],
  ['TRUE', 'TRUE', true],
  ['TRUE', 'FALSE', false],
];

describe('presence publication', () => {
  it('the decision: the user’s setting wins either way, else the domain’s, else not published', () => {
    for (const [domain, user, published] of MATRIX) assert.equal(isPresencePublished(domain, user), published, `domain ${domain} user ${user}`);
    // Values read leniently; anything else counts as unset.
    assert.equal(isPresencePublished('true', undefined), true);
    assert.equal(isPresencePublished('TRUE', 'maybe'), true);
    assert.equal(isPresencePublished('yes', undefined), false);
  });

  it('the same matrix through the directory: ModifyDomain and ModifyPrefs decide, the answer is the account id or null', () => {
    for (const [domain, user, published] of MATRIX) {
      const { state, accountId } = directory(domain, user);
      assert.deepEqual(presencePublication(state, 'ann@example.org'), published ? { accountId } : null, `domain ${domain} user ${user}`);
    }
  });

  it('ModifyPrefs accepts zimbraPresencePublished (TRUE/FALSE, empty to unset) and still refuses other attributes', () => {
    const { state, accountId } = directory('TRUE', 'FALSE');
    assert.equal(presencePublication(state, 'ann@example.org'), null);
    // Unset: the domain's setting applies again.
    apply(state, { type: 'ModifyPrefs', accountId, prefs: [{ name: 'zimbraPresencePublished', value: '' }] });
    assert.equal(state.accounts.get(accountId)!.attrs.zimbraPresencePublished, undefined);
    assert.deepEqual(presencePublication(state, 'ann@example.org'), { accountId });
    const refused = (name: string, value: string, code: string) =>
      assert.throws(() => decide(state, { type: 'ModifyPrefs', accountId, prefs: [{ name, value }] }, ctx()), (e: unknown) => e instanceof DomainError && e.code === code);
    refused('zimbraPresencePublished', 'sometimes', 'account.INVALID_ATTR_VALUE');
    refused('zimbraAccountStatus', 'active', 'service.INVALID_REQUEST');
  });

  it('case-insensitive, through an alias; null for unknown addresses, lists, inactive accounts and domains', () => {
    const { state, accountId } = directory('TRUE');
    assert.deepEqual(presencePublication(state, 'Ann@Example.ORG'), { accountId });
    apply(state, { type: 'AddAccountAlias', id: accountId, alias: 'annie@example.org' });
    assert.deepEqual(presencePublication(state, 'annie@example.org'), { accountId });
    apply(state, { type: 'CreateDistributionList', name: 'team@example.org', attrs: {} });
    for (const address of ['nobody@example.org', 'ann@elsewhere.org', 'team@example.org', 'not an address', '']) {
      assert.equal(presencePublication(state, address), null, address);
    }
    apply(state, { type: 'ModifyAccount', id: accountId, attrs: { zimbraAccountStatus: ['locked'] } });
    assert.equal(presencePublication(state, 'ann@example.org'), null);
    apply(state, { type: 'ModifyAccount', id: accountId, attrs: { zimbraAccountStatus: ['active'] } });
    assert.deepEqual(presencePublication(state, 'ann@example.org'), { accountId });
    apply(state, { type: 'ModifyDomain', id: findDomain(state, 'name', 'example.org')!.id, attrs: { zimbraDomainStatus: ['suspended'] } });
    assert.equal(presencePublication(state, 'ann@example.org'), null);
  });

  it('a class of service’s setting stands in for an account without its own', () => {
    const { state, accountId } = directory('TRUE');
    apply(state, { type: 'CreateCos', name: 'private', attrs: { zimbraPresencePublished: ['FALSE'] } });
    apply(state, { type: 'ModifyAccount', id: accountId, attrs: { zimbraCOSId: [[...state.coses.values()].find((c) => c.name === 'private')!.id] } });
    assert.equal(presencePublication(state, 'ann@example.org'), null);
    apply(state, { type: 'ModifyPrefs', accountId, prefs: [{ name: 'zimbraPresencePublished', value: 'TRUE' }] });
    assert.deepEqual(presencePublication(state, 'ann@example.org'), { accountId });
  });
});
