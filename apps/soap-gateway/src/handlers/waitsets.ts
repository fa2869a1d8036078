import { commandSubject, querySubject, WaitSetCheck, WaitSetCreated, WaitSetError, WaitSetInfo } from '@gw/contracts';
import { SoapElement, SoapFault, attr, child, childrenNamed, el } from '@gw/soap';
import { SoapHandler } from '../soap/soap-handler';
import { ADMIN_NS, flag, handler, response } from './directory-elements';
import { MAIL_NS, optionalInt } from './mail/mail-elements';

/** `<add|update|remove><a id token types/>…</…>` */
function accountRefs(request: SoapElement, section: string): { id: string; token?: string; types?: string }[] {
  const container = child(request, section);
  if (!container) return [];
  return childrenNamed(container, 'a').map((a) => {
    const id = attr(a, 'id');
    if (!id) throw SoapFault.invalidRequest(`missing required attribute: id (in ${section})`);
    const token = attr(a, 'token');
    if (token !== undefined && !/^\d{1,19}$/.test(token)) throw SoapFault.invalidRequest(`invalid sync token: ${token}`);
    const types = attr(a, 'types');
    return { id, ...(token !== undefined ? { token } : {}), ...(types !== undefined ? { types } : {}) };
  });
}

const errorElements = (errors: WaitSetError[]) => errors.map((e) => el('error', { id: e.id, t: e.t }));
const requireWaitSet = (request: SoapElement) => {
  const id = attr(request, 'waitSet');
  if (!id) throw SoapFault.invalidRequest('missing required attribute: waitSet');
  return id;
};

/**
 * The WaitSet API in both namespaces: identical except that the admin one may name any account,
 * all accounts, and gets wider timeouts (soap-waitset.txt). A blocked WaitSetRequest is held by
 * the gateway's waiter registry, not by the notifier.
 */
function waitSetFamily(port: 'user' | 'admin', ns: string, prefix: '' | 'Admin'): SoapHandler[] {
  const admin = port === 'admin';
  const auth = admin ? 'admin' : 'user';
  return [
    handler(port, ns, `${prefix}CreateWaitSetRequest`, auth, async (request, ctx) => {
      const defTypes = attr(request, 'defTypes');
      if (!defTypes) throw SoapFault.invalidRequest('missing required attribute: defTypes');
      const created = await ctx.call<WaitSetCreated>(commandSubject('notifier', 'CreateWaitSet'), {
        defTypes,
        allAccounts: flag(request, 'allAccounts', false),
        add: accountRefs(request, 'add'),
        admin,
      });
      return response(request, errorElements(created.errors), { waitSet: created.waitSet, defTypes: created.defTypes, seq: created.seq });
    }),

    handler(port, ns, `${prefix}WaitSetRequest`, auth, async (request, ctx) => {
      const waitSet = requireWaitSet(request);
      const block = flag(request, 'block', false);
      const timeout = optionalInt(request, 'timeout');
      // A newer wait on the same set completes an older one, on any gateway, with canceled="1".
      const key = `ws.${waitSet}`;
      const waiterId = ctx.waiters.supersede([key]);
      const check = await ctx.call<WaitSetCheck>(commandSubject('notifier', 'WaitSet'), {
        waitSet,
        ...(attr(request, 'seq') !== undefined ? { seq: attr(request, 'seq') } : {}),
        ...(attr(request, 'defTypes') !== undefined ? { defTypes: attr(request, 'defTypes') } : {}),
        add: accountRefs(request, 'add'),
        update: accountRefs(request, 'update'),
        remove: accountRefs(request, 'remove').map((a) => ({ id: a.id })),
        block,
        ...(timeout !== undefined ? { timeout: Math.max(0, timeout) } : {}),
        admin,
      });
      const answer = (seq: string, changed: string[]) =>
        response(request, [...changed.map((id) => el('n', { id })), ...errorElements(check.errors)], { waitSet, seq });
      if (check.changed.length || !block) return answer(check.seq, check.changed);
      const outcome = await ctx.waiters.wait(
        {
          ...(check.watch.accounts ? { accounts: check.watch.accounts.map((a) => ({ id: a.id, types: a.types, after: BigInt(a.after) })) } : {}),
          ...(check.watch.all ? { all: { types: check.watch.all.types, after: BigInt(check.watch.all.after) } } : {}),
        },
        check.timeoutMs,
        { waiterId, cancelKeys: [key] },
      );
      if (outcome.kind === 'canceled') return response(request, [], { waitSet, canceled: 1 });
      if (outcome.kind !== 'changed') return answer(check.seq, []);
      const newest = outcome.accounts[outcome.accounts.length - 1].position;
      return answer(newest.toString(), outcome.accounts.map((a) => a.id));
    }),

    handler(port, ns, `${prefix}DestroyWaitSetRequest`, auth, async (request, ctx) => {
      const destroyed = await ctx.call<{ waitSet: string }>(commandSubject('notifier', 'DestroyWaitSet'), { waitSet: requireWaitSet(request), admin });
      return response(request, [], { waitSet: destroyed.waitSet });
    }),
  ];
}

/** QueryWaitSet: debugging output of the sets' state (admin only; not a stable format). */
const queryWaitSet = handler('admin', ADMIN_NS, 'QueryWaitSetRequest', 'admin', async (request, ctx) => {
  const id = attr(request, 'waitSet') ?? attr(request, 'waitset');
  const sets = await ctx.call<WaitSetInfo[]>(querySubject('notifier', 'QueryWaitSet'), id ? { waitSet: id } : {});
  return response(
    request,
    sets.map((s) =>
      el(
        'waitSet',
        { id: s.id, owner: s.owner, defTypes: s.defTypes, ld: s.lastAccess, ...(s.allAccounts ? { allAccounts: 1 } : {}) },
        s.accounts.map((a) => el('session', { account: a.id, types: a.types, token: a.token, highestChangeId: a.after })),
      ),
    ),
  );
});

export const waitSetHandlers: SoapHandler[] = [...waitSetFamily('user', MAIL_NS, ''), ...waitSetFamily('admin', ADMIN_NS, 'Admin'), queryWaitSet];
