import { Attrs, DirectoryEvent } from '@gw/contracts';
import { DirectoryState } from './directory-state';
import { DecideContext, PasswordInput } from './decide-context';
import * as accounts from './decide-accounts';
import * as domains from './decide-domains';
import * as cos from './decide-cos';
import * as lists from './decide-distribution-lists';
import { grantRight } from './decide-rights';

type Side = { type: string; by?: 'id' | 'name'; value?: string };

/** Every change the directory accepts, as plain data. */
export type DirectoryCommand =
  | { type: 'CreateAccount'; name: string; password?: PasswordInput; attrs: Attrs }
  | { type: 'ModifyAccount'; id: string; attrs: Attrs }
  | { type: 'RenameAccount'; id: string; newName: string }
  | { type: 'DeleteAccount'; id: string }
  | { type: 'SetPassword'; id: string; password: PasswordInput; by: 'admin' | 'self' }
  | { type: 'AddAccountAlias'; id: string; alias: string }
  | { type: 'RemoveAccountAlias'; id: string; alias: string }
  | { type: 'ModifyPrefs'; accountId: string; prefs: { name: string; value: string }[] }
  | { type: 'RevokeToken'; accountId: string; tokenId: string; expiresAt: number }
  | { type: 'CreateDomain'; name: string; attrs: Attrs }
  | { type: 'ModifyDomain'; id: string; attrs: Attrs }
  | { type: 'DeleteDomain'; id: string }
  | { type: 'CreateCos'; name: string; attrs: Attrs }
  | { type: 'ModifyCos'; id: string; attrs: Attrs }
  | { type: 'RenameCos'; id: string; newName: string }
  | { type: 'DeleteCos'; id: string }
  | { type: 'CreateDistributionList'; name: string; attrs: Attrs }
  | { type: 'ModifyDistributionList'; id: string; attrs: Attrs }
  | { type: 'RenameDistributionList'; id: string; newName: string }
  | { type: 'DeleteDistributionList'; id: string }
  | { type: 'AddDistributionListMember'; id: string; members: string[] }
  | { type: 'RemoveDistributionListMember'; id: string; members: string[] }
  | { type: 'AddDistributionListAlias'; id: string; alias: string }
  | { type: 'RemoveDistributionListAlias'; id: string; alias: string }
  | { type: 'GrantRight'; target: Side; grantee: Side; right: string; deny: boolean; canDelegate: boolean };

/** Decides which events a command produces, or throws a DomainError; never touches the world. */
export function decide(state: DirectoryState, command: DirectoryCommand, ctx: DecideContext): DirectoryEvent[] {
  switch (command.type) {
    case 'CreateAccount': return accounts.createAccount(state, command, ctx);
    case 'ModifyAccount': return accounts.modifyAccount(state, command);
    case 'RenameAccount': return accounts.renameAccount(state, command);
    case 'DeleteAccount': return accounts.deleteAccount(state, command);
    case 'SetPassword': return accounts.setPassword(state, command);
    case 'AddAccountAlias': return accounts.addAccountAlias(state, command);
    case 'RemoveAccountAlias': return accounts.removeAccountAlias(state, command);
    case 'ModifyPrefs': return accounts.modifyPrefs(state, command);
    case 'RevokeToken': return accounts.revokeToken(state, command);
    case 'CreateDomain': return domains.createDomain(state, command, ctx);
    case 'ModifyDomain': return domains.modifyDomain(state, command);
    case 'DeleteDomain': return domains.deleteDomain(state, command);
    case 'CreateCos': return cos.createCos(state, command, ctx);
    case 'ModifyCos': return cos.modifyCos(state, command);
    case 'RenameCos': return cos.renameCos(state, command);
    case 'DeleteCos': return cos.deleteCos(state, command);
    case 'CreateDistributionList': return lists.createDistributionList(state, command, ctx);
    case 'ModifyDistributionList': return lists.modifyDistributionList(state, command);
    case 'RenameDistributionList': return lists.renameDistributionList(state, command);
    case 'DeleteDistributionList': return lists.deleteDistributionList(state, command);
    case 'AddDistributionListMember': return lists.addMembers(state, command);
    case 'RemoveDistributionListMember': return lists.removeMembers(state, command);
    case 'AddDistributionListAlias': return lists.addListAlias(state, command);
    case 'RemoveDistributionListAlias': return lists.removeListAlias(state, command);
    case 'GrantRight': return grantRight(state, command, ctx);
  }
}
