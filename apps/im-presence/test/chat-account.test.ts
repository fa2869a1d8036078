import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ImEvent, PrivacyItem } from '@gw/contracts';
import { decideChatAccount, ChatAccountCommand } from '../src/domain/chat-account';
import { emptyIm, evolve, ImState } from '../src/domain/im-state';
import { ALICE, BOB, CAROL, ROOM, ROOM_THREAD } from './chat-fixture';

const withList = (items: PrivacyItem[], state: ImState = emptyIm()) => evolve(state, { type: 'PrivacyListSet', data: { list: { name: 'default', items }, at: 1 } });
const inChat = (thread: string, state: ImState = emptyIm()) => evolve(state, { type: 'ChatJoined', data: { thread, at: 1 } });
const deny = (addr: string): PrivacyItem => ({ action: 'deny', order: 1, addr });

const message = (extra: Partial<Extract<ChatAccountCommand, { type: 'ReceiveChatMessage' }>> = {}): ChatAccountCommand => ({
  type: 'ReceiveChatMessage',
  me: BOB,
  from: ALICE,
  thread: 't1',
  ts: 5,
  seq: 1,
  body: { text: 'hi' },
  bounce: true,
  at: 5,
  ...extra,
});

describe('chats on a participant’s account', () => {
  it('JoinChat records ChatJoined once', () => {
    const d = decideChatAccount(emptyIm(), { type: 'JoinChat', thread: ROOM_THREAD, room: ROOM, at: 2 });
    assert.deepEqual(d, { events: [{ type: 'ChatJoined', data: { thread: ROOM_THREAD, room: ROOM, at: 2 } }], effects: [] });
    const after = d.events.reduce(evolve, emptyIm());
    assert.deepEqual(decideChatAccount(after, { type: 'JoinChat', thread: ROOM_THREAD, room: ROOM, at: 3 }).events, []);
  });

  it('LeaveChat records ChatLeft (with the status) only for a chat I am in', () => {
    assert.deepEqual(decideChatAccount(emptyIm(), { type: 'LeaveChat', thread: 't1', reason: 'closed', at: 2 }).events, []);
    const d = decideChatAccount(inChat('t1'), { type: 'LeaveChat', thread: 't1', reason: 'kicked', status: ['KickedFromRoom'], at: 2 });
    assert.deepEqual(d.events, [{ type: 'ChatLeft', data: { thread: 't1', reason: 'kicked', status: ['KickedFromRoom'], at: 2 } }]);
    assert.equal(d.events.reduce(evolve, inChat('t1')).chats.has('t1'), false);
  });

  it('a message: ChatMessageReceived; the first one of a 1:1 chat also enters the chat', () => {
    const first = decideChatAccount(emptyIm(), message());
    assert.deepEqual(first.events, [
      { type: 'ChatJoined', data: { thread: 't1', at: 5 } },
      { type: 'ChatMessageReceived', data: { thread: 't1', from: ALICE.addr, ts: 5, seq: 1, body: { text: 'hi' }, at: 5 } },
    ]);
    assert.deepEqual(types(decideChatAccount(inChat('t1'), message()).events), ['ChatMessageReceived']);
    const typing = decideChatAccount(inChat('t1'), message({ seq: undefined, body: undefined, typing: true }));
    assert.deepEqual(typing.events[0].data, { thread: 't1', from: ALICE.addr, ts: 5, typing: true, at: 5 });
  });

  it('a room message does not enter a room (rooms are entered by joining)', () => {
    const d = decideChatAccount(emptyIm(), message({ bounce: false, from: { accountId: ALICE.accountId, addr: `${ROOM}/alice` } }));
    assert.deepEqual(types(d.events), ['ChatMessageReceived']);
  });

  it('a 1:1 message from someone my privacy list denies: nothing here, service_unavailable back to the sender', () => {
    const d = decideChatAccount(withList([deny(ALICE.addr)]), message());
    assert.deepEqual(d.events, []);
    assert.deepEqual(d.effects, [
      { accountId: ALICE.accountId, command: { type: 'ReceiveMessageError', thread: 't1', from: BOB.addr, ts: 5, error: 'service_unavailable', at: 5 } },
    ]);
  });

  it('whole domains are denied; an earlier allow wins; a room is judged by its bare address and never bounced', () => {
    const list = [{ action: 'allow', order: 1, addr: CAROL.addr }, { action: 'deny', order: 2, addr: 'example.org' }] as PrivacyItem[];
    assert.equal(decideChatAccount(withList(list), message()).events.length, 0);
    assert.equal(decideChatAccount(withList(list), message({ from: CAROL })).events.length, 2);
    const fromRoom = message({ bounce: false, from: { accountId: ALICE.accountId, addr: `${ROOM}/alice` } });
    const denied = decideChatAccount(withList([deny(ROOM)]), fromRoom);
    assert.deepEqual(denied, { events: [], effects: [] });
    assert.equal(decideChatAccount(withList([deny(ALICE.addr)]), fromRoom).events.length, 1, 'the occupant’s own address is not what a room message comes from');
  });

  it('ReceiveMessageError records my message’s failure', () => {
    const d = decideChatAccount(emptyIm(), { type: 'ReceiveMessageError', thread: 't1', from: BOB.addr, ts: 5, error: 'service_unavailable', at: 6 });
    assert.deepEqual(d.events, [{ type: 'ChatMessageReceived', data: { thread: 't1', from: BOB.addr, ts: 5, error: 'service_unavailable', at: 6 } }]);
  });

  it('participant changes are recorded for chats I am in only', () => {
    const change: ChatAccountCommand = {
      type: 'ReceiveChatParticipantChange',
      thread: 't1',
      change: 'left',
      participant: { addr: CAROL.addr },
      status: ['KickedFromRoom'],
      at: 7,
    };
    assert.deepEqual(decideChatAccount(emptyIm(), change).events, []);
    assert.deepEqual(decideChatAccount(inChat('t1'), change).events, [
      { type: 'ChatParticipantChanged', data: { thread: 't1', change: 'left', participant: { addr: CAROL.addr }, status: ['KickedFromRoom'], at: 7 } },
    ]);
  });

  it('an invitation is recorded unless the inviter is denied (no bounce)', () => {
    const invite: ChatAccountCommand = { type: 'ReceiveChatInvitation', me: BOB, from: ALICE, thread: ROOM_THREAD, addr: ROOM, message: 'come', at: 8 };
    assert.deepEqual(decideChatAccount(emptyIm(), invite).events, [
      { type: 'ChatInvitationReceived', data: { thread: ROOM_THREAD, addr: ROOM, from: ALICE.addr, message: 'come', at: 8 } },
    ]);
    assert.deepEqual(decideChatAccount(withList([deny('example.org')]), invite), { events: [], effects: [] });
  });
});

function types(events: ImEvent[]) {
  return events.map((e) => e.type);
}
