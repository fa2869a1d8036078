import { AccountInfo, Attrs, commandSubject, querySubject } from '@gw/contracts';
import { SoapElement, attr, attrEl, el, keyValuePairs, kvpEl, uniqueEl } from '@gw/soap';
import { ACCOUNT_NS, handler, response } from '../directory-elements';

import { SERVER_VERSION } from '../../soap/server-version';

const pairs = (attrs: Attrs, elName: string) =>
  Object.keys(attrs)
    .sort()
    .flatMap((name) => attrs[name].map((value) => kvpEl(name, value, elName, 'name')));

const sections = (request: SoapElement) => {
  const raw = attr(request, 'sections');
  return raw ? new Set(raw.split(',').map((s) => s.trim())) : undefined;
};

export const infoAndPrefsHandlers = [
  handler('user', ACCOUNT_NS, 'GetInfoRequest', 'user', async (request, ctx) => {
    const info = await ctx.call<AccountInfo>(querySubject('mailbox', 'GetInfo'), {});
    const wanted = sections(request);
    const children: SoapElement[] = [
      attrEl('version', SERVER_VERSION),
      attrEl('id', info.id),
      attrEl('name', info.name),
      attrEl('lifetime', info.lifetimeMs),
    ];
    if (info.adminDelegated) children.push(attrEl('adminDelegated', true));
    if (info.cos) children.push(el('cos', { name: info.cos.name, id: info.cos.id }));
    if (!wanted || wanted.has('prefs')) children.push(uniqueEl('prefs', {}, pairs(info.prefs, 'pref')));
    if (!wanted || wanted.has('attrs')) children.push(uniqueEl('attrs', {}, pairs(info.attrs, 'attr')));
    return response(request, children);
  }),
  handler('user', ACCOUNT_NS, 'GetPrefsRequest', 'user', async (request, ctx) => {
    const names = keyValuePairs(request, 'pref', 'name').map((p) => p.key);
    const named = request.children.filter((c) => c.name === 'pref').map((c) => String(c.attrs.name ?? '')).filter(Boolean);
    const prefs = await ctx.call<Attrs>(querySubject('mailbox', 'GetPrefs'), { names: [...new Set([...names, ...named])] });
    return response(request, pairs(prefs, 'pref'));
  }),
  handler('user', ACCOUNT_NS, 'ModifyPrefsRequest', 'user', async (request, ctx) => {
    const prefs = keyValuePairs(request, 'pref', 'name').map(({ key, value }) => ({ name: key, value }));
    await ctx.call(commandSubject('mailbox', 'ModifyPrefs'), { prefs });
    return response(request);
  }),
];
