import { Attrs, DirectoryEvent, DomainError, ErrorCode } from '@gw/contracts';
import { DirectoryState } from './directory-state';
import { nameKey } from './addresses';
import { attrChanges } from './attributes';
import { DecideContext, generalizedTime, initialAttrs } from './decide-context';

const COS_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

function requireCosName(state: DirectoryState, name: string): string {
  const trimmed = name.trim();
  if (!COS_NAME.test(trimmed)) throw new DomainError(ErrorCode.INVALID_REQUEST, `invalid request: invalid cos name: ${name}`);
  if (state.cosNames.has(nameKey(trimmed))) throw new DomainError(ErrorCode.COS_EXISTS, `cos already exists: ${trimmed}`, { name: trimmed });
  return trimmed;
}

function requireCos(state: DirectoryState, id: string) {
  const cos = state.coses.get(id);
  if (!cos) throw new DomainError(ErrorCode.NO_SUCH_COS, `no such cos: ${id}`, { id });
  return cos;
}

export function createCos(state: DirectoryState, cmd: { name: string; attrs: Attrs }, ctx: DecideContext): DirectoryEvent[] {
  const name = requireCosName(state, cmd.name);
  const cosId = ctx.newId();
  const attrs: Attrs = { ...initialAttrs(cmd.attrs), cn: [name], zimbraId: [cosId], zimbraCreateTimestamp: [generalizedTime(ctx.now)] };
  return [{ type: 'CosCreated', data: { cosId, name, attrs } }];
}

export function modifyCos(state: DirectoryState, cmd: { id: string; attrs: Attrs }): DirectoryEvent[] {
  const cos = requireCos(state, cmd.id);
  const changes = attrChanges(cos.attrs, cmd.attrs);
  return Object.keys(changes).length ? [{ type: 'CosModified', data: { cosId: cos.id, changes } }] : [];
}

export function renameCos(state: DirectoryState, cmd: { id: string; newName: string }): DirectoryEvent[] {
  const cos = requireCos(state, cmd.id);
  if (nameKey(cmd.newName) === nameKey(cos.name)) return [];
  const newName = requireCosName(state, cmd.newName);
  return [{ type: 'CosRenamed', data: { cosId: cos.id, oldName: cos.name, newName } }];
}

/** Accounts that named the deleted class fall back to their domain's default, as in Zimbra. */
export function deleteCos(state: DirectoryState, cmd: { id: string }): DirectoryEvent[] {
  const cos = requireCos(state, cmd.id);
  return [{ type: 'CosDeleted', data: { cosId: cos.id, name: cos.name } }];
}
