import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError, ErrorCode, ImChatErrorCode, ImErrorCode, ImEvent } from '@gw/contracts';
import { ALICE, BOB, CAROL, ChatWorld, DAVE, DIRECT, ROOM, ROOM_THREAD, types } from './chat-fixture';
import { roleFor, viewOccupant } from '../src/domain/chat/chat-state';
import { defaultRoomConfig, parseRoomConfig, roomConfigVars } from '../src/domain/chat/room-config';

const code = (c: string) => (e: unknown) => e instanceof DomainError && e.code === c;
const messages = (events: ImEvent[]) => events.filter((e) => e.type === 'ChatMessageReceived').map((e) => e.data);
const changes = (events: ImEvent[]) =>
  events.filter((e): e is Extract<ImEvent, { type: 'ChatParticipantChanged' }> => e.type === 'ChatParticipantChanged').map((e) => e.data);
const left = (events: ImEvent[]) => events.filter((e): e is Extract<ImEvent, { type: 'ChatLeft' }> => e.type === 'ChatLeft').map((e) => e.data);

describe('1:1 chats', () => {
  it('starting a chat and posting: seq from 1, the starter joins, the peer joins with the first message it accepts', () => {
    const w = new ChatWorld();
    const alice = w.watch(ALICE);
    const bob = w.watch(BOB);
    w.start(ALICE, BOB);
    assert.deepEqual(types(w.last), ['ChatStarted']);
    assert.deepEqual(types(alice()), ['ChatJoined']);
    assert.deepEqual(bob(), [], 'nothing reaches the peer before a message');
    const d = w.say(ALICE, 'hi bob');
    assert.deepEqual(types(d.events), ['ChatMessagePosted']);
    assert.equal(w.chat(DIRECT).seq, 1);
    assert.deepEqual(types(bob()), ['ChatJoined', 'ChatMessageReceived']);
    assert.deepEqual(messages(bob()), [{ thread: DIRECT, from: ALICE.addr, ts: w.at, seq: 1, body: { text: 'hi bob' }, at: w.at }]);
    assert.deepEqual(messages(alice()), [], 'the sender does not receive its own message');
  });

  it('both directions count on one sequence', () => {
    const w = new ChatWorld();
    w.start(ALICE, BOB);
    w.say(ALICE, 'one');
    const alice = w.watch(ALICE);
    w.say(BOB, 'two');
    w.say(ALICE, 'three');
    assert.equal(w.chat(DIRECT).seq, 3);
    assert.deepEqual(messages(alice()).map((m) => [m.seq, m.from]), [[2, BOB.addr]]);
  });

  it('a typing notice is delivered without a seq and not stored; a blank message without typing stops it', () => {
    const w = new ChatWorld();
    w.start(ALICE, BOB);
    w.say(ALICE, 'hello');
    const bob = w.watch(BOB);
    const d = w.typing(ALICE);
    assert.deepEqual(d.events, []);
    assert.equal(w.chat(DIRECT).seq, 1);
    w.say(ALICE, '');
    assert.deepEqual(
      messages(bob()).map((m) => [m.seq, m.typing, m.body]),
      [
        [undefined, true, undefined],
        [undefined, undefined, undefined],
      ],
    );
    w.say(ALICE, 'next');
    assert.equal(w.chat(DIRECT).seq, 2, 'typing notices took no seq');
  });

  it('a subject or html alone is a message', () => {
    const w = new ChatWorld();
    w.start(ALICE, BOB);
    w.say(ALICE, '', DIRECT, { subject: { text: 'topic' } });
    w.say(ALICE, '', DIRECT, { html: '<b>x</b>' });
    assert.equal(w.chat(DIRECT).seq, 2);
  });

  it('someone outside the chat cannot post to it (mail.NO_SUCH_CHAT); nobody chats with themselves', () => {
    const w = new ChatWorld();
    w.start(ALICE, BOB);
    assert.throws(() => w.say(CAROL, 'hi'), code(ImChatErrorCode.NO_SUCH_CHAT));
    assert.throws(() => w.say(ALICE, 'hi', 'chat-unknown'), code(ImChatErrorCode.NO_SUCH_CHAT));
    assert.throws(() => w.start(ALICE, ALICE, 'chat-2'), code(ErrorCode.INVALID_REQUEST));
  });

  it('closing: the closer gets LeaveChat closed, the other a left change; the peer of a 1:1 chat is back with the next message', () => {
    const w = new ChatWorld();
    w.start(ALICE, BOB);
    w.say(ALICE, 'hi');
    const alice = w.watch(ALICE);
    const bob = w.watch(BOB);
    w.close(ALICE);
    assert.deepEqual(left(alice()), [{ thread: DIRECT, reason: 'closed', at: w.at }]);
    assert.deepEqual(changes(bob()), [{ thread: DIRECT, change: 'left', participant: { addr: ALICE.addr }, at: w.at }]);
    assert.equal(w.account(ALICE).chats.has(DIRECT), false);
    assert.deepEqual(
      w.chat(DIRECT).participants.map((p) => p.addr),
      [BOB.addr],
    );
    w.say(BOB, 'still there?');
    assert.deepEqual(types(w.last), ['ChatParticipantAdded', 'ChatMessagePosted']);
    assert.equal(w.account(ALICE).chats.has(DIRECT), true, 'alice has the chat again');
    assert.deepEqual(messages(alice()).map((m) => m.seq), [2]);
  });

  it('closing a chat I am not in answers not_found and tells my account again', () => {
    const w = new ChatWorld();
    w.start(ALICE, BOB);
    const d = w.close(CAROL);
    assert.equal(d.refused, 'not_found');
    assert.deepEqual(d.events, []);
    assert.deepEqual(d.effects, [{ accountId: CAROL.accountId, command: { type: 'LeaveChat', thread: DIRECT, reason: 'closed', at: w.at } }]);
  });

  it('adding a user makes an ad-hoc multi-user chat: invited, joined, announced; messages reach all', () => {
    const w = new ChatWorld();
    w.start(ALICE, BOB);
    w.say(ALICE, 'hi');
    const bob = w.watch(BOB);
    const carol = w.watch(CAROL);
    const d = w.add(ALICE, CAROL);
    assert.deepEqual(types(d.events), ['ChatParticipantAdded']);
    assert.deepEqual(types(carol()), ['ChatInvitationReceived', 'ChatJoined']);
    assert.deepEqual(carol()[0].data, { thread: DIRECT, addr: ALICE.addr, from: ALICE.addr, message: 'join us', at: w.at });
    assert.deepEqual(changes(bob()), [{ thread: DIRECT, change: 'entered', participant: { addr: CAROL.addr }, at: w.at }]);
    assert.equal(w.chat(DIRECT).adhoc, true);
    w.say(BOB, 'welcome');
    assert.deepEqual(messages(carol()).map((m) => m.from), [BOB.addr]);
    assert.deepEqual(w.add(ALICE, CAROL).events, [], 'adding again changes nothing');
    // Ad-hoc: who closes stays out.
    w.close(ALICE);
    w.say(BOB, 'bye');
    assert.deepEqual(types(w.last), ['ChatMessagePosted']);
    assert.equal(w.account(ALICE).chats.has(DIRECT), false);
  });

  it('only participants add users: not_found otherwise; adding oneself is invalid', () => {
    const w = new ChatWorld();
    w.start(ALICE, BOB);
    assert.equal(w.add(CAROL, DAVE).refused, 'not_found');
    assert.throws(() => w.add(ALICE, ALICE), code(ErrorCode.INVALID_REQUEST));
  });

  it('room operations on a direct chat are im.NOT_A_MUC_CHAT', () => {
    const w = new ChatWorld();
    w.start(ALICE, BOB);
    for (const command of [
      { type: 'ConfigureRoom', vars: [] },
      { type: 'KickOccupant', target: BOB },
      { type: 'BanUser', target: BOB },
    ] as const) {
      assert.throws(() => w.run({ ...command, thread: DIRECT, me: ALICE, at: 1 } as never), code(ImErrorCode.NOT_A_MUC_CHAT), command.type);
    }
  });
});

describe('conference rooms: creation, locking and entry', () => {
  it('the first join creates a locked room with the creator as owner and moderator', () => {
    const w = new ChatWorld();
    const alice = w.watch(ALICE);
    const d = w.join(ALICE);
    assert.deepEqual(types(d.events), ['RoomCreated', 'RoomAffiliationSet', 'RoomOccupantJoined']);
    assert.deepEqual(d.join, { status: ['NewRoomCreated', 'OccupantPresence', 'SemiAnonymous', 'LoggingDisabled', 'RoomnickChanged'] });
    const room = w.chat(ROOM_THREAD).room!;
    assert.equal(room.locked, true);
    assert.equal(room.config.creationdate, new Date(w.at).toISOString());
    assert.deepEqual(room.occupants, { alice: { accountId: ALICE.accountId, addr: ALICE.addr, role: 'moderator', affiliation: 'owner' } });
    assert.deepEqual(alice(), [
      { type: 'ChatJoined', data: { thread: ROOM_THREAD, room: ROOM, at: w.at } },
      {
        type: 'ChatParticipantChanged',
        data: {
          thread: ROOM_THREAD,
          change: 'entered',
          participant: { addr: `${ROOM}/alice`, me: true, fulladdr: ALICE.addr, name: 'alice', role: 'moderator', affiliation: 'owner' },
          status: d.join!.status,
          at: w.at,
        },
      },
    ]);
  });

  it('a nickname given is kept (no RoomnickChanged)', () => {
    const w = new ChatWorld();
    const d = w.join(ALICE, { nick: 'Queen' });
    assert.equal(d.join!.status.includes('RoomnickChanged'), false);
    assert.deepEqual(Object.keys(w.occupants()), ['Queen']);
  });

  it('a locked room does not exist for others (NoSuchRoom) until its owner configures it', () => {
    const w = new ChatWorld();
    w.join(ALICE);
    assert.deepEqual(w.join(BOB).join, { status: [], error: 'NoSuchRoom' });
    assert.deepEqual(w.last, []);
    const c = w.configure(ALICE, {});
    assert.equal(c.refused, undefined);
    assert.equal(w.chat(ROOM_THREAD).room!.locked, false);
    assert.equal(w.chat(ROOM_THREAD).room!.config.open, true);
    const d = w.join(BOB);
    assert.equal(d.join!.error, undefined);
    assert.deepEqual(w.occupants().bob, { accountId: BOB.accountId, addr: BOB.addr, role: 'participant', affiliation: 'none' });
  });

  it('joiners get the occupants and themselves, the others the joiner; real addresses only to moderators unless the room is non-anonymous', () => {
    const w = new ChatWorld();
    w.openRoom();
    const alice = w.watch(ALICE);
    const bob = w.watch(BOB);
    w.join(BOB);
    assert.deepEqual(changes(alice()), [
      {
        thread: ROOM_THREAD,
        change: 'entered',
        participant: { addr: `${ROOM}/bob`, fulladdr: BOB.addr, name: 'bob', role: 'participant', affiliation: 'none' },
        at: w.at,
      },
    ]);
    assert.deepEqual(
      changes(bob()).map((c) => [c.participant.name, c.participant.me, c.participant.fulladdr, c.status]),
      [
        ['alice', undefined, undefined, undefined],
        ['bob', true, BOB.addr, ['OccupantPresence', 'SemiAnonymous', 'LoggingDisabled', 'RoomnickChanged']],
      ],
      'the joiner gets the occupants, then itself with the status',
    );
    const carol = w.watch(CAROL);
    w.join(CAROL);
    const seen = changes(bob()).at(-1)!.participant;
    assert.deepEqual([seen.name, seen.fulladdr], ['carol', undefined], 'a participant does not see real addresses in a semi-anonymous room');
    assert.deepEqual(changes(carol()).map((c) => c.participant.name), ['alice', 'bob', 'carol']);
    w.configure(ALICE, { nonanonymous: '1' });
    const d = w.join(DAVE);
    assert.deepEqual(d.join!.status, ['OccupantPresence', 'NonAnonymous', 'LoggingDisabled', 'RoomnickChanged']);
    assert.equal(changes(bob()).at(-1)!.participant.fulladdr, DAVE.addr);
  });

  it('fulladdr: oneself always, moderators always, others only in non-anonymous rooms', () => {
    const w = new ChatWorld();
    w.openRoom({}, BOB);
    const room = w.chat(ROOM_THREAD).room!;
    assert.equal(viewOccupant(room, 'bob', room.occupants.bob, BOB.accountId).fulladdr, BOB.addr);
    assert.equal(viewOccupant(room, 'bob', room.occupants.bob, BOB.accountId).me, true);
    assert.equal(viewOccupant(room, 'alice', room.occupants.alice, BOB.accountId).fulladdr, undefined);
    assert.equal(viewOccupant(room, 'bob', room.occupants.bob, ALICE.accountId).fulladdr, BOB.addr);
  });

  it('joining again answers the same and records nothing', () => {
    const w = new ChatWorld();
    w.openRoom({}, BOB);
    const d = w.join(BOB);
    assert.deepEqual(d.events, []);
    assert.deepEqual(d.join, { status: ['OccupantPresence', 'SemiAnonymous', 'LoggingDisabled'] });
  });

  it('password-protected rooms: PasswordRequired without the right password', () => {
    const w = new ChatWorld();
    w.openRoom({ passwordprotect: 'true', password: 'sesame' });
    assert.equal(w.join(BOB).join!.error, 'PasswordRequired');
    assert.equal(w.join(BOB, { password: 'wrong' }).join!.error, 'PasswordRequired');
    assert.equal(w.join(BOB, { password: 'sesame' }).join!.error, undefined);
  });

  it('members-only rooms: NotAMember until an owner invites (which grants membership)', () => {
    const w = new ChatWorld();
    w.openRoom({ membersonly: '1' });
    assert.equal(w.join(BOB).join!.error, 'NotAMember');
    const bob = w.watch(BOB);
    const d = w.add(ALICE, BOB, ROOM_THREAD, 'come in');
    assert.deepEqual(types(d.events), ['RoomInvitationSent', 'RoomAffiliationSet']);
    assert.deepEqual(bob(), [{ type: 'ChatInvitationReceived', data: { thread: ROOM_THREAD, addr: ROOM, from: ALICE.addr, message: 'come in', at: w.at } }]);
    assert.equal(w.chat(ROOM_THREAD).room!.affiliations[BOB.addr], 'member');
    assert.equal(w.join(BOB).join!.error, undefined);
  });

  it('invitations: only owners and admins unless allowinvites; a member’s invitation grants nothing', () => {
    const w = new ChatWorld();
    w.openRoom({ membersonly: '1', members: [BOB.addr] }, BOB);
    assert.equal(w.add(BOB, CAROL, ROOM_THREAD).refused, 'not_allowed');
    w.configure(ALICE, { allowinvites: '1' });
    const d = w.add(BOB, CAROL, ROOM_THREAD);
    assert.deepEqual(types(d.events), ['RoomInvitationSent']);
    assert.equal(w.join(CAROL).join!.error, 'NotAMember');
    assert.equal(w.add(DAVE, CAROL, ROOM_THREAD).refused, 'not_found', 'only occupants invite');
  });

  it('an outcast cannot be invited', () => {
    const w = new ChatWorld();
    w.openRoom({ outcasts: [CAROL.addr] });
    assert.equal(w.add(ALICE, CAROL, ROOM_THREAD).refused, 'not_allowed');
  });

  it('nickname conflicts (case-insensitive), reserved nicknames', () => {
    const w = new ChatWorld();
    w.openRoom();
    assert.equal(w.join(BOB, { nick: 'ALICE' }).join!.error, 'NicknameConflict');
    w.configure(ALICE, { reservednick: '1' });
    assert.equal(w.join(BOB, { nick: 'bobby' }).join!.error, 'MustUseReservedRoomnick');
    assert.equal(w.join(BOB, { nick: 'bob' }).join!.error, undefined);
  });

  it('max users: the room full refuses MaxUsers, owners and admins are exempt', () => {
    const w = new ChatWorld();
    w.openRoom({ maxusers: '2', admins: [DAVE.addr] }, BOB);
    assert.equal(w.join(CAROL).join!.error, 'MaxUsers');
    assert.equal(w.join(DAVE).join!.error, undefined);
    assert.equal(w.occupants().dave.role, 'moderator');
  });

  it('the error order: an outcast is Banned even with a wrong password in a full members-only room', () => {
    const w = new ChatWorld();
    w.openRoom({ membersonly: '1', passwordprotect: '1', password: 'x', maxusers: '1', outcasts: [BOB.addr] });
    assert.equal(w.join(BOB).join!.error, 'Banned');
    assert.equal(w.join(CAROL).join!.error, 'NotAMember');
  });
});

describe('conference rooms: messages, roles, configuration', () => {
  it('room messages go to every other occupant from room@service/nick, with a seq, never bounced', () => {
    const w = new ChatWorld();
    w.openRoom({}, BOB, CAROL);
    const bob = w.watch(BOB);
    const carol = w.watch(CAROL);
    const alice = w.watch(ALICE);
    w.say(ALICE, 'welcome', ROOM_THREAD);
    assert.deepEqual(messages(bob()).map((m) => [m.from, m.seq]), [[`${ROOM}/alice`, 1]]);
    assert.equal(messages(carol()).length, 1);
    assert.equal(messages(alice()).length, 0);
    const d = w.say(BOB, 'thanks', ROOM_THREAD);
    assert.deepEqual(d.effects.map((e) => (e.command as { bounce: boolean }).bounce), [false, false]);
  });

  it('moderated rooms: visitors are refused (forbidden, to the sender only), members and moderators speak', () => {
    const w = new ChatWorld();
    w.openRoom({ moderated: '1', members: [CAROL.addr] }, BOB, CAROL);
    assert.equal(w.occupants().bob.role, 'visitor');
    assert.equal(w.occupants().carol.role, 'participant');
    const bob = w.watch(BOB);
    const carol = w.watch(CAROL);
    const d = w.say(BOB, 'may I?', ROOM_THREAD);
    assert.deepEqual(d.events, []);
    assert.deepEqual(messages(bob()), [{ thread: ROOM_THREAD, from: ROOM, ts: w.at, error: 'forbidden', at: w.at }]);
    assert.equal(messages(carol()).length, 0);
    assert.deepEqual(w.typing(BOB, ROOM_THREAD).effects, [], 'a visitor’s typing goes nowhere');
    w.say(CAROL, 'I may', ROOM_THREAD);
    assert.equal(w.chat(ROOM_THREAD).seq, 1);
  });

  it('turning moderation on changes roles and tells everyone (presence changes)', () => {
    const w = new ChatWorld();
    w.openRoom({}, BOB);
    const alice = w.watch(ALICE);
    const bob = w.watch(BOB);
    w.configure(ALICE, { moderated: '1' });
    assert.equal(w.occupants().bob.role, 'visitor');
    assert.deepEqual(changes(alice()).map((c) => [c.change, c.participant.name, c.participant.role]), [['presence', 'bob', 'visitor']]);
    assert.deepEqual(changes(bob()).map((c) => [c.change, c.participant.me, c.participant.role]), [['presence', true, 'visitor']]);
  });

  it('the subject: moderators set it; others only when subjectmodifyable', () => {
    const w = new ChatWorld();
    w.openRoom({}, BOB);
    const bob = w.watch(BOB);
    w.say(BOB, '', ROOM_THREAD, { subject: { text: 'mine' } });
    assert.equal(messages(bob())[0].error, 'forbidden');
    w.say(ALICE, '', ROOM_THREAD, { subject: { text: 'Agenda' } });
    assert.deepEqual(types(w.last), ['RoomSubjectChanged', 'ChatMessagePosted']);
    assert.equal(w.chat(ROOM_THREAD).room!.config.subject, 'Agenda');
    w.configure(ALICE, { subjectmodifyable: '1' });
    w.say(BOB, '', ROOM_THREAD, { subject: { text: 'mine' } });
    assert.equal(w.chat(ROOM_THREAD).room!.config.subject, 'mine');
  });

  it('configuration is for owners: not_allowed for others, not_found outside the room', () => {
    const w = new ChatWorld();
    w.openRoom({ admins: [BOB.addr] }, BOB);
    assert.equal(w.configure(BOB, { moderated: '1' }).refused, 'not_allowed', 'admins do not configure');
    assert.equal(w.chat(ROOM_THREAD).room!.config.moderated, false);
    assert.equal(w.configure(CAROL, {}).refused, 'not_found');
  });

  it('configuration values are typed: 1/0/true/false, counts; unknown variables and bad values are refused', () => {
    const base = defaultRoomConfig(0);
    const parse = (vars: Record<string, string>) => parseRoomConfig(base, Object.entries(vars).map(([name, value]) => ({ name, value }))).config;
    assert.equal(parse({ moderated: 'TRUE' }).moderated, true);
    assert.equal(parse({ publicroom: '0' }).publicroom, false);
    assert.equal(parse({ persistent: 'false' }).persistent, false);
    assert.equal(parse({ persistent: '1' }).persistent, true);
    assert.equal(parse({ maxusers: '25' }).maxusers, 25);
    assert.equal(parse({ longname: '  The Lounge ' }).longname, 'The Lounge');
    assert.equal(parse({ description: '   ' }).description, '', 'a blank value changes nothing');
    assert.equal(parse({ open: '0', creationdate: 'x', numoccupants: '9' }).open, false, 'read-only variables are ignored');
    assert.throws(() => parse({ moderated: 'yes' }), code(ErrorCode.INVALID_REQUEST));
    assert.throws(() => parse({ maxusers: 'many' }), code(ErrorCode.INVALID_REQUEST));
    assert.throws(() => parse({ colour: 'red' }), code(ErrorCode.INVALID_REQUEST));
    const lists = parseRoomConfig(base, [{ name: 'whois', values: ['moderator', 'participant'] }]).config;
    assert.deepEqual(lists.whois, ['moderator', 'participant']);
  });

  it('affiliation lists: each replaces its list; an address in two lists or a room without owner is refused', () => {
    const w = new ChatWorld();
    w.openRoom({ admins: [BOB.addr, CAROL.addr] });
    w.configure(ALICE, { admins: [CAROL.addr], members: [BOB.addr] });
    assert.deepEqual(w.chat(ROOM_THREAD).room!.affiliations, { [ALICE.addr]: 'owner', [BOB.addr]: 'member', [CAROL.addr]: 'admin' });
    assert.throws(() => w.configure(ALICE, { owners: [] }), code(ErrorCode.INVALID_REQUEST));
    assert.throws(() => w.configure(ALICE, { admins: [BOB.addr], members: [BOB.addr] }), code(ErrorCode.INVALID_REQUEST));
    assert.throws(() => w.configure(ALICE, { members: [ALICE.addr] }), code(ErrorCode.INVALID_REQUEST), 'the last owner cannot step down');
    w.configure(ALICE, { owners: [ALICE.addr, DAVE.addr] });
    assert.equal(w.chat(ROOM_THREAD).room!.affiliations[DAVE.addr], 'owner');
  });

  it('an outcast who is present is removed as banned; members-only removes the non-members', () => {
    const w = new ChatWorld();
    w.openRoom({ members: [CAROL.addr] }, BOB, CAROL, DAVE);
    const bob = w.watch(BOB);
    const dave = w.watch(DAVE);
    const carol = w.watch(CAROL);
    w.configure(ALICE, { outcasts: [BOB.addr] });
    assert.deepEqual(left(bob()), [{ thread: ROOM_THREAD, reason: 'banned', status: ['YouHaveBeenBanned'], at: w.at }]);
    assert.deepEqual(changes(carol()).map((c) => [c.change, c.participant.name, c.status]), [['left', 'bob', ['YouHaveBeenBanned']]]);
    w.configure(ALICE, { membersonly: '1' });
    assert.deepEqual(left(dave()), [{ thread: ROOM_THREAD, reason: 'kicked', status: ['RemovedForMembersOnly'], at: w.at }]);
    assert.deepEqual(Object.keys(w.occupants()).sort(), ['alice', 'carol']);
    assert.deepEqual(types(w.last).filter((t) => t === 'RoomOccupantLeft'), ['RoomOccupantLeft']);
  });

  it('the owner view of the configuration has the private variables and the lists; the public one does not', () => {
    const w = new ChatWorld();
    w.openRoom({ password: 'pw', admins: [BOB.addr], longname: 'Lounge' });
    const room = w.chat(ROOM_THREAD).room!;
    const pub = roomConfigVars(room, false);
    const owner = roomConfigVars(room, true);
    const names = (vars: { name: string }[]) => vars.map((v) => v.name);
    assert.equal(names(pub).includes('password'), false);
    assert.equal(names(pub).includes('owners'), false);
    assert.deepEqual(owner.find((v) => v.name === 'admins'), { name: 'admins', values: [BOB.addr] });
    assert.deepEqual(owner.find((v) => v.name === 'password'), { name: 'password', value: 'pw' });
    assert.deepEqual(pub.find((v) => v.name === 'open'), { name: 'open', value: '1' });
    assert.deepEqual(pub.find((v) => v.name === 'numoccupants'), { name: 'numoccupants', value: '1' });
  });

  it('roles follow affiliations and moderation', () => {
    const plain = defaultRoomConfig(0);
    const moderated = { ...plain, moderated: true };
    assert.deepEqual(
      (['owner', 'admin', 'member', 'none', 'outcast'] as const).map((a) => [roleFor(a, plain), roleFor(a, moderated)]),
      [
        ['moderator', 'moderator'],
        ['moderator', 'moderator'],
        ['participant', 'participant'],
        ['participant', 'visitor'],
        ['none', 'none'],
      ],
    );
  });
});

describe('conference rooms: kick, ban, leave', () => {
  it('a moderator kicks: the victim gets KickedFromRoom, the others a left change; the victim may come back', () => {
    const w = new ChatWorld();
    w.openRoom({}, BOB, CAROL);
    const bob = w.watch(BOB);
    const carol = w.watch(CAROL);
    const d = w.kick(ALICE, BOB);
    assert.deepEqual(types(d.events), ['RoomOccupantLeft']);
    assert.deepEqual(left(bob()), [{ thread: ROOM_THREAD, reason: 'kicked', status: ['KickedFromRoom'], at: w.at }]);
    assert.deepEqual(changes(carol()), [
      {
        thread: ROOM_THREAD,
        change: 'left',
        participant: { addr: `${ROOM}/bob`, name: 'bob', role: 'none', affiliation: 'none' },
        status: ['KickedFromRoom'],
        at: w.at,
      },
    ]);
    assert.equal(w.join(BOB).join!.error, undefined);
  });

  it('kick rules: only moderators; owners and admins cannot be kicked; the target must be in the room', () => {
    const w = new ChatWorld();
    w.openRoom({ admins: [CAROL.addr] }, BOB, CAROL, DAVE);
    assert.equal(w.kick(BOB, DAVE).refused, 'not_allowed', 'a participant does not moderate');
    assert.equal(w.kick(BOB, CAROL).refused, 'not_allowed');
    assert.equal(w.kick(CAROL, ALICE).refused, 'not_allowed');
    assert.equal(w.kick(ALICE, ALICE).refused, 'not_allowed');
    assert.equal(w.kick(CAROL, BOB).refused, undefined, 'an admin moderates');
    assert.throws(() => w.kick(ALICE, BOB), code(ErrorCode.INVALID_REQUEST), 'bob is gone');
    assert.equal(w.kick(BOB, DAVE).refused, 'not_found', 'only occupants act');
  });

  it('a ban makes an outcast and removes them (YouHaveBeenBanned); a later join is Banned', () => {
    const w = new ChatWorld();
    w.openRoom({}, BOB);
    const bob = w.watch(BOB);
    const d = w.ban(ALICE, BOB);
    assert.deepEqual(types(d.events), ['RoomAffiliationSet', 'RoomOccupantLeft']);
    assert.deepEqual(left(bob()), [{ thread: ROOM_THREAD, reason: 'banned', status: ['YouHaveBeenBanned'], at: w.at }]);
    assert.equal(w.account(BOB).chats.has(ROOM_THREAD), false);
    assert.deepEqual(w.join(BOB).join, { status: [], error: 'Banned' });
    // Someone not in the room can be banned too.
    assert.deepEqual(types(w.ban(ALICE, DAVE).events), ['RoomAffiliationSet']);
  });

  it('ban rules: owners and admins ban; nobody bans an owner or themselves; only owners ban admins', () => {
    const w = new ChatWorld();
    w.openRoom({ admins: [BOB.addr, DAVE.addr] }, BOB, CAROL, DAVE);
    assert.equal(w.ban(CAROL, DAVE).refused, 'not_allowed', 'a participant cannot ban');
    assert.equal(w.ban(BOB, ALICE).refused, 'not_allowed', 'an admin cannot ban an owner');
    assert.equal(w.ban(BOB, DAVE).refused, 'not_allowed', 'an admin cannot ban an admin');
    assert.equal(w.ban(ALICE, ALICE).refused, 'not_allowed');
    assert.equal(w.ban(BOB, CAROL).refused, undefined, 'an admin bans a participant');
    assert.equal(w.ban(ALICE, DAVE).refused, undefined, 'an owner bans an admin');
    assert.equal(w.chat(ROOM_THREAD).room!.affiliations[DAVE.addr], 'outcast');
  });

  it('leaving: LeaveChat closed for the leaver, left for the others; a temporary room left empty is destroyed', () => {
    const w = new ChatWorld();
    w.openRoom({}, BOB);
    w.say(ALICE, 'hello', ROOM_THREAD);
    const alice = w.watch(ALICE);
    const bob = w.watch(BOB);
    w.close(BOB, ROOM_THREAD);
    assert.deepEqual(left(bob()), [{ thread: ROOM_THREAD, reason: 'closed', at: w.at }]);
    assert.deepEqual(changes(alice()).map((c) => [c.change, c.participant.name]), [['left', 'bob']]);
    w.close(ALICE, ROOM_THREAD);
    assert.deepEqual(types(w.last), ['RoomOccupantLeft', 'RoomDestroyed']);
    assert.equal(w.chat(ROOM_THREAD).kind, undefined);
    // The next join starts a new room, counting messages from 1.
    assert.deepEqual(w.join(BOB).join!.status[0], 'NewRoomCreated');
    assert.equal(w.chat(ROOM_THREAD).seq, 0);
    assert.equal(w.chat(ROOM_THREAD).room!.affiliations[BOB.addr], 'owner');
  });

  it('a persistent room stays when empty; a new (locked) one does not', () => {
    const w = new ChatWorld();
    w.openRoom({ persistent: '1' });
    w.close(ALICE, ROOM_THREAD);
    assert.equal(w.chat(ROOM_THREAD).kind, 'room');
    assert.deepEqual(w.occupants(), {});
    const other = new ChatWorld();
    other.join(ALICE);
    other.close(ALICE, ROOM_THREAD);
    assert.equal(other.chat(ROOM_THREAD).kind, undefined);
  });
});
