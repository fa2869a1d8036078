import { Inject, Injectable } from '@nestjs/common';
import { ChatMessage, ChatParticipant, ChatText, ImChat, ImChatConfiguration, ImChatSummary } from '@gw/contracts';
import { Database } from '@gw/read-model';
import { READ_MODEL_DB } from '@gw/service-infra';
import { affiliationOf, ChatState, isMember, participantsFor } from '../domain/chat/chat-state';
import { roomConfigVars } from '../domain/chat/room-config';

interface MessageRow {
  seq: number;
  ts: string;
  from_addr: string;
  subject: ChatText | null;
  body: ChatText | null;
  html: string | null;
}

/** Queries over the chat read model, always as one account (the viewer) sees it. */
@Injectable()
export class ChatReadModel {
  constructor(@Inject(READ_MODEL_DB) private readonly db: Database) {}

  async state(thread: string): Promise<ChatState | undefined> {
    const { rows } = await this.db.query<{ state: ChatState }>(`SELECT state FROM im_chats WHERE thread = $1`, [thread]);
    return rows[0]?.state;
  }

  /** IMGetChat: participants and messages from `seq` on; null unless the viewer is in the chat. */
  async chat(thread: string, viewer: string, seq = 0): Promise<ImChat | null> {
    const state = await this.state(thread);
    if (!state || !isMember(state, viewer)) return null;
    const { rows } = await this.db.query<MessageRow>(
      `SELECT seq, ts, from_addr, subject, body, html FROM im_chat_messages WHERE thread = $1 AND seq >= $2 ORDER BY seq`,
      [thread, seq],
    );
    const messages = rows.map((r): ChatMessage => ({
      seq: r.seq,
      ts: Number(r.ts),
      from: r.from_addr,
      ...(r.subject ? { subject: r.subject } : {}),
      ...(r.body ? { body: r.body } : {}),
      ...(r.html !== null ? { html: r.html } : {}),
    }));
    return { ...(await this.summary(thread, state, viewer)), isMuc: state.kind === 'room', messages };
  }

  /** IMGetRoster's `<chats>`: the chats the account is in, as its own stream records them. */
  async chatsOf(accountId: string): Promise<ImChatSummary[]> {
    const { rows } = await this.db.query<{ thread: string; state: ChatState | null }>(
      `SELECT a.thread, c.state FROM im_account_chats a LEFT JOIN im_chats c ON c.thread = a.thread WHERE a.account_id = $1 ORDER BY a.thread`,
      [accountId],
    );
    const chats: ImChatSummary[] = [];
    for (const r of rows) if (r.state?.kind) chats.push(await this.summary(r.thread, r.state, accountId));
    return chats;
  }

  /**
   * IMGetChatConfiguration by thread: a 1:1 chat has no configuration; a room's public variables,
   * or with `ownerConfig` all of them for an owner (not_allowed for anyone else).
   */
  async configurationByThread(thread: string, viewer: string, viewerAddr: string, ownerConfig: boolean): Promise<ImChatConfiguration> {
    const state = await this.state(thread);
    if (!state || !isMember(state, viewer)) return { thread, isMuc: false, error: 'not_found', vars: [] };
    const room = state.kind === 'room' ? state.room : undefined;
    if (!room) return { thread, isMuc: false, vars: [] };
    if (ownerConfig && affiliationOf(room, viewerAddr) !== 'owner') return { thread, addr: room.addr, isMuc: true, error: 'not_allowed', vars: [] };
    return { thread, addr: room.addr, isMuc: true, vars: roomConfigVars(room, ownerConfig) };
  }

  /**
   * IMGetChatConfiguration by address, without joining: the public variables of a room that
   * exists and is open to the viewer (a locked room exists for its owners only); the owner's
   * configuration needs the thread (soap-im.txt), so asking for it here is not_allowed.
   */
  async configurationByAddress(addr: string, viewerAddr: string, ownerConfig: boolean): Promise<ImChatConfiguration> {
    const { rows } = await this.db.query<{ state: ChatState }>(`SELECT c.state FROM im_rooms r JOIN im_chats c ON c.thread = r.thread WHERE r.addr = $1`, [addr]);
    const room = rows[0]?.state.room;
    if (!room || (room.locked && affiliationOf(room, viewerAddr) !== 'owner')) return { addr, isMuc: false, error: 'not_a_conference_room', vars: [] };
    if (ownerConfig) return { addr, isMuc: true, error: 'not_allowed', vars: [] };
    return { addr, isMuc: true, vars: roomConfigVars(room, false) };
  }

  /** IMListConferenceRooms: the listed (public, configured) rooms of these services. */
  async rooms(services: readonly string[]): Promise<{ name: string; addr: string }[]> {
    if (!services.length) return [];
    const { rows } = await this.db.query<{ name: string; addr: string }>(
      `SELECT name, addr FROM im_rooms WHERE listed AND service = ANY($1::text[]) ORDER BY addr`,
      [services],
    );
    return rows;
  }

  /** A chat as the viewer sees it; 1:1 participants carry the viewer's buddy names. */
  private async summary(thread: string, state: ChatState, viewer: string): Promise<ImChatSummary> {
    let participants: ChatParticipant[] = participantsFor(state, viewer);
    if (state.kind === 'direct') {
      const names = await this.buddyNames(viewer);
      participants = participants.map((p) => (names.has(p.addr) ? { ...p, name: names.get(p.addr) } : p));
    }
    return { thread, ...(state.room ? { room: state.room.addr } : {}), participants };
  }

  private async buddyNames(accountId: string): Promise<Map<string, string>> {
    const { rows } = await this.db.query<{ addr: string; name: string }>(`SELECT addr, name FROM im_roster WHERE account_id = $1 AND name IS NOT NULL`, [accountId]);
    return new Map(rows.map((r) => [r.addr, r.name]));
  }
}
