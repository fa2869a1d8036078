import { DirectoryEvent, DomainError, ErrorCode } from '@gw/contracts';
import { DirectoryState, findAccount, findCos, findDistributionList, findDomain } from './directory-state';
import { DecideContext } from './decide-context';

const TARGET_TYPES = ['account', 'calresource', 'dl', 'domain', 'cos', 'server', 'xmppcomponent', 'zimlet', 'config', 'global'];
const GRANTEE_TYPES = ['usr', 'grp', 'all', 'dom', 'gst', 'key', 'pub'];
/** Grantee types that only user rights accept (soap-right.txt). */
const USER_RIGHT_ONLY_GRANTEES = new Set(['all', 'gst', 'key', 'pub']);

/** Zimbra's user rights: granted on an account or its container to other users. */
export const USER_RIGHTS = new Set(['invite', 'loginAs', 'sendAs', 'sendAsDistList', 'sendOnBehalfOf', 'sendOnBehalfOfDistList', 'viewFreeBusy', 'sendToDistList', 'ownDistList', 'viewDistList']);
/** The admin rights we know; inline attribute rights (`set.account.displayName`) are accepted as well. */
export const ADMIN_RIGHTS = new Set([
  'adminLoginAs', 'adminConsoleRights', 'domainAdminRights', 'domainAdminConsoleRights', 'createAccount', 'deleteAccount',
  'getAccount', 'modifyAccount', 'renameAccount', 'listAccount', 'setAccountPassword', 'addAccountAlias', 'removeAccountAlias',
  'assignCos', 'listCos', 'getCos', 'modifyCos', 'createCos', 'deleteCos', 'createDistributionList', 'deleteDistributionList',
  'getDistributionList', 'modifyDistributionList', 'addDistributionListMember', 'removeDistributionListMember', 'listDomain',
  'getDomain', 'modifyDomain', 'createTopDomain', 'createSubDomain', 'deleteDomain', 'accessGAL', 'countAccount', 'getAccountInfo',
  'getAccountMembership', 'getMailboxInfo', 'viewAccountAdminUI', 'viewDomainAdminUI', 'viewDistributionListAdminUI',
]);
const INLINE_RIGHT = /^(get|set)\.(account|calresource|dl|domain|cos|server|config|global)\.[A-Za-z][A-Za-z0-9-]*$/;

type Side = { type: string; by?: 'id' | 'name'; value?: string };

function resolve(state: DirectoryState, side: Side, role: 'target' | 'grantee'): { id: string | null; name: string | null } {
  const by = side.by ?? 'name';
  const value = side.value ?? '';
  const missing = (code: string, what: string) => new DomainError(code, `no such ${what}: ${value}`, { [by]: value });
  switch (side.type) {
    case 'account':
    case 'calresource':
    case 'usr': {
      const a = findAccount(state, by, value);
      if (!a) throw missing(ErrorCode.NO_SUCH_ACCOUNT, 'account');
      return { id: a.id, name: a.name };
    }
    case 'dl':
    case 'grp': {
      const dl = findDistributionList(state, by, value);
      if (!dl) throw missing(ErrorCode.NO_SUCH_DISTRIBUTION_LIST, 'distribution list');
      return { id: dl.id, name: dl.name };
    }
    case 'domain':
    case 'dom': {
      const d = findDomain(state, by, value);
      if (!d) throw missing(ErrorCode.NO_SUCH_DOMAIN, 'domain');
      return { id: d.id, name: d.name };
    }
    case 'cos': {
      const c = findCos(state, by, value);
      if (!c) throw missing(ErrorCode.NO_SUCH_COS, 'cos');
      return { id: c.id, name: c.name };
    }
    default:
      // global, config, all, pub, ... name no directory entry; server/zimlet targets are kept by name.
      if (role === 'target' && ['server', 'xmppcomponent', 'zimlet'].includes(side.type) && !value) {
        throw new DomainError(ErrorCode.INVALID_REQUEST, `invalid request: missing ${side.type} target`);
      }
      return { id: null, name: value || null };
  }
}

export function grantRight(
  state: DirectoryState,
  cmd: { target: Side; grantee: Side; right: string; deny: boolean; canDelegate: boolean },
  ctx: DecideContext,
): DirectoryEvent[] {
  if (!TARGET_TYPES.includes(cmd.target.type)) throw new DomainError(ErrorCode.INVALID_REQUEST, `invalid request: invalid target type: ${cmd.target.type}`);
  if (!GRANTEE_TYPES.includes(cmd.grantee.type)) throw new DomainError(ErrorCode.INVALID_REQUEST, `invalid request: invalid grantee type: ${cmd.grantee.type}`);
  const right = cmd.right.trim();
  const isUserRight = USER_RIGHTS.has(right);
  if (!isUserRight && !ADMIN_RIGHTS.has(right) && !INLINE_RIGHT.test(right)) {
    throw new DomainError(ErrorCode.NO_SUCH_RIGHT, `no such right: ${right}`, { right });
  }
  if (!isUserRight && USER_RIGHT_ONLY_GRANTEES.has(cmd.grantee.type)) {
    throw new DomainError(ErrorCode.INVALID_REQUEST, `invalid request: grantee type ${cmd.grantee.type} can only be granted user rights`);
  }
  const target = resolve(state, cmd.target, 'target');
  const grantee = resolve(state, cmd.grantee, 'grantee');
  const same = state.grants.find(
    (g) => g.right === right && g.target.type === cmd.target.type && g.target.id === target.id && g.target.name === target.name &&
      g.grantee.type === cmd.grantee.type && g.grantee.id === grantee.id && g.deny === cmd.deny && g.canDelegate === cmd.canDelegate,
  );
  if (same) return [];
  return [
    {
      type: 'RightGranted',
      data: {
        grantId: ctx.newId(),
        target: { type: cmd.target.type, ...target },
        grantee: { type: cmd.grantee.type, ...grantee },
        right,
        deny: cmd.deny,
        canDelegate: cmd.canDelegate,
      },
    },
  ];
}
