import { DomainError, ErrorCode, MailEvent, SystemFolder } from '@gw/contracts';
import { FolderState, MailboxState, MessageState, TagState } from './mailbox-state';

/** Allocates item ids for one decision from the mailbox's sequence. */
export class ItemIds {
  private next: number;
  constructor(state: MailboxState) {
    this.next = state.nextId;
  }
  take(): number {
    return this.next++;
  }
}

export type MailDecision = MailEvent[];

/** Zimbra's rules for folder and tag names. */
const BAD_NAME = /[/:"\u0000-\u001f\u007f]/;
export function checkName(raw: string | undefined, what: 'folder' | 'tag'): string {
  const name = (raw ?? '').trim();
  if (!name || name.length > 128 || BAD_NAME.test(name) || (what === 'tag' && /[\\]/.test(name)) || name === '.' || name === '..') {
    throw new DomainError(ErrorCode.INVALID_NAME, `invalid name: ${raw ?? ''}`, { name: raw ?? '' });
  }
  return name;
}

export function requireFolder(state: MailboxState, id: number): FolderState {
  const f = state.folders.get(id);
  if (!f || id === SystemFolder.TAGS || id === SystemFolder.CONVERSATIONS) {
    throw new DomainError(ErrorCode.NO_SUCH_FOLDER, `no such folder id: ${id}`, { id: String(id) });
  }
  return f;
}

export function requireTag(state: MailboxState, ref: { id?: number; name?: string }): TagState {
  const tag =
    ref.id !== undefined ? state.tags.get(ref.id) : [...state.tags.values()].find((t) => t.name.toLowerCase() === (ref.name ?? '').toLowerCase());
  if (!tag) throw new DomainError(ErrorCode.NO_SUCH_TAG, `no such tag: ${ref.id ?? ref.name}`, { [ref.id !== undefined ? 'id' : 'name']: String(ref.id ?? ref.name) });
  return tag;
}

export function requireMessage(state: MailboxState, id: number): MessageState {
  const m = state.messages.get(id);
  if (!m) throw new DomainError(ErrorCode.NO_SUCH_MSG, `no such message: ${id}`, { id: String(id) });
  return m;
}

/** Folders that hold mail: message views, and Trash/Junk which hold anything. */
export function requireMailFolder(state: MailboxState, id: number): FolderState {
  const f = requireFolder(state, id);
  if (f.id === SystemFolder.USER_ROOT || !['message', 'conversation', ''].includes(f.view)) {
    throw new DomainError(ErrorCode.CANNOT_CONTAIN, `cannot put object in that folder: ${id}`, { id: String(id) });
  }
  return f;
}
