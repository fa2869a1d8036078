import { IM_CHAT_STREAM_PREFIX, IM_STREAM_PREFIX, ImEvent } from '@gw/contracts';
import type { Commit } from '@gw/event-store';
import { insertRows, Projection, SqlExecutor } from '@gw/read-model';
import { ChatEvent } from '../domain/chat/chat-events';
import { ChatState, emptyChat, evolveChat } from '../domain/chat/chat-state';

export const CHAT_TABLES = ['im_chats', 'im_chat_messages', 'im_rooms', 'im_account_chats'];

const MESSAGE_COLUMNS = ['thread', 'seq', 'ts', 'from_addr', 'subject', 'body', 'html'];

/**
 * The chat read model: each chat's state (the domain's own ChatState as JSON, folded with
 * `evolveChat`: participants, occupants, configuration), its stored messages, the room directory
 * (IMListConferenceRooms) and the chats each account is in as its own stream records them
 * (ChatJoined/ChatLeft: IMGetRoster's `<chats>`).
 *
 * No stream prefix: it sees every commit, so its position answers read-your-writes for any
 * position a caller brings.
 */
export const chatProjection: Projection = {
  name: 'im-presence-chats',
  tables: CHAT_TABLES,
  migrations: [
    `CREATE TABLE im_chats (
       thread text PRIMARY KEY,
       state jsonb NOT NULL
     )`,
    `CREATE TABLE im_chat_messages (
       thread text NOT NULL,
       seq integer NOT NULL,
       ts bigint NOT NULL,
       from_addr text NOT NULL,
       subject jsonb,
       body jsonb,
       html text,
       PRIMARY KEY (thread, seq)
     )`,
    `CREATE TABLE im_rooms (
       addr text PRIMARY KEY,
       thread text NOT NULL,
       service text NOT NULL,
       name text NOT NULL,
       listed boolean NOT NULL
     )`,
    `CREATE INDEX im_rooms_service ON im_rooms (service, addr)`,
    `CREATE TABLE im_account_chats (
       account_id text NOT NULL,
       thread text NOT NULL,
       room text,
       PRIMARY KEY (account_id, thread)
     )`,
  ],
  async apply(tx: SqlExecutor, commits: Commit[]): Promise<void> {
    const states = new Map<string, ChatState>();
    let messages: unknown[][] = [];
    for (const commit of commits) {
      if (commit.stream.startsWith(IM_CHAT_STREAM_PREFIX)) {
        const thread = commit.stream.slice(IM_CHAT_STREAM_PREFIX.length);
        let state = states.get(thread) ?? (await loadChat(tx, thread));
        for (const e of commit.events) {
          const event = { type: e.type, data: e.data } as ChatEvent;
          if (event.type === 'ChatMessagePosted') {
            const d = event.data;
            messages.push([thread, d.seq, d.ts, d.from, json(d.subject), json(d.body), d.html ?? null]);
          } else if (event.type === 'RoomDestroyed') {
            // The room's history goes with it; a new room at the address counts from 1 again.
            messages = messages.filter((row) => row[0] !== thread);
            await tx.query(`DELETE FROM im_chat_messages WHERE thread = $1`, [thread]);
          }
          state = evolveChat(state, event);
        }
        states.set(thread, state);
      } else if (commit.stream.startsWith(IM_STREAM_PREFIX)) {
        const accountId = commit.stream.slice(IM_STREAM_PREFIX.length);
        for (const e of commit.events) {
          const event = { type: e.type, data: e.data } as ImEvent;
          if (event.type === 'ChatJoined') {
            await tx.query(
              `INSERT INTO im_account_chats (account_id, thread, room) VALUES ($1, $2, $3) ON CONFLICT (account_id, thread) DO UPDATE SET room = EXCLUDED.room`,
              [accountId, event.data.thread, event.data.room ?? null],
            );
          } else if (event.type === 'ChatLeft') {
            await tx.query(`DELETE FROM im_account_chats WHERE account_id = $1 AND thread = $2`, [accountId, event.data.thread]);
          }
        }
      }
    }
    await insertRows(tx, 'im_chat_messages', MESSAGE_COLUMNS, messages, { onConflict: '(thread, seq) DO NOTHING' });
    const chats = [...states].map(([thread, state]) => [thread, JSON.stringify(state)]);
    await insertRows(tx, 'im_chats', ['thread', 'state'], chats, { onConflict: '(thread) DO UPDATE SET state = EXCLUDED.state' });
    for (const [thread, state] of states) await saveRoom(tx, thread, state);
  },
};

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

async function loadChat(tx: SqlExecutor, thread: string): Promise<ChatState> {
  const { rows } = await tx.query<{ state: ChatState }>(`SELECT state FROM im_chats WHERE thread = $1`, [thread]);
  return rows[0]?.state ?? emptyChat(thread);
}

/** The room directory entry: listed while the room is public and open (configured). */
async function saveRoom(tx: SqlExecutor, thread: string, state: ChatState): Promise<void> {
  const room = state.kind === 'room' ? state.room : undefined;
  if (!room) {
    await tx.query(`DELETE FROM im_rooms WHERE thread = $1`, [thread]);
    return;
  }
  const [local, service] = room.addr.split('@');
  await tx.query(
    `INSERT INTO im_rooms (addr, thread, service, name, listed) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (addr) DO UPDATE SET thread = EXCLUDED.thread, service = EXCLUDED.service, name = EXCLUDED.name, listed = EXCLUDED.listed`,
    [room.addr, thread, service, room.config.longname || local, room.config.publicroom && !room.locked],
  );
}
