import { DomainError, ErrorCode, MailEvent } from '@gw/contracts';
import { MailboxState } from './mailbox-state';
import { checkName, ItemIds, requireTag } from './mail-decide-context';

function requireFreeTagName(state: MailboxState, name: string, except?: number) {
  for (const t of state.tags.values()) {
    if (t.id !== except && t.name.toLowerCase() === name.toLowerCase()) {
      throw new DomainError(ErrorCode.ALREADY_EXISTS, `object with that name already exists: ${name}`, { name });
    }
  }
}

export function createTag(state: MailboxState, cmd: { name: string; color?: number; rgb?: string }, ids: ItemIds): MailEvent[] {
  const name = checkName(cmd.name, 'tag');
  requireFreeTagName(state, name);
  return [{ type: 'TagCreated', data: { tagId: ids.take(), name, ...(cmd.color !== undefined ? { color: cmd.color } : {}), ...(cmd.rgb ? { rgb: cmd.rgb } : {}) } }];
}

export function tagAction(state: MailboxState, cmd: { op: string; ids: number[]; name?: string; color?: number; rgb?: string }): MailEvent[] {
  const events: MailEvent[] = [];
  for (const id of cmd.ids) {
    const tag = requireTag(state, { id });
    switch (cmd.op) {
      case 'read': {
        const unread = [...state.messages.values()].filter((m) => m.tagIds.includes(tag.id) && m.flags.includes('u')).map((m) => m.id);
        if (unread.length) events.push({ type: 'MessagesUpdated', data: { messageIds: unread, removeFlags: 'u' } });
        break;
      }
      case 'rename': {
        const name = checkName(cmd.name, 'tag');
        requireFreeTagName(state, name, tag.id);
        events.push({ type: 'TagUpdated', data: { tagId: tag.id, name } });
        break;
      }
      case 'color':
        events.push({ type: 'TagUpdated', data: { tagId: tag.id, color: cmd.color ?? null, ...(cmd.rgb !== undefined ? { rgb: cmd.rgb } : {}) } });
        break;
      case 'delete':
        events.push({ type: 'TagDeleted', data: { tagId: tag.id } });
        break;
      case 'update': {
        const data: { tagId: number; name?: string; color?: number; rgb?: string } = { tagId: tag.id };
        if (cmd.name !== undefined) {
          data.name = checkName(cmd.name, 'tag');
          requireFreeTagName(state, data.name, tag.id);
        }
        if (cmd.color !== undefined) data.color = cmd.color;
        if (cmd.rgb !== undefined) data.rgb = cmd.rgb;
        events.push({ type: 'TagUpdated', data });
        break;
      }
    }
  }
  return events;
}
