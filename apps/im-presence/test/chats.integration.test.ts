// Chats and conference rooms against a real nats-server (see im-service.ts): the chat controllers
// called with bus envelopes, the chat and account streams in JetStream, the chat projection in
// PGlite, the effects on the participants' account streams, and a rebuild.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ErrorCode,
  ImChat,
  ImChatConfiguration,
  ImChatErrorCode,
  ImConferenceRooms,
  ImConferenceServices,
  ImErrorCode,
  ImEvent,
  ImJoinRoomResult,
  ImModifyChatResult,
  ImRoster,
  imStream,
  ImSendMessageResult,
  Principal,
} from '@gw/contracts';
import { rebuildControllerFor } from '@gw/service-infra';
import { config, envelope, ImService, logger, ok, refused, startImService, user } from './im-service';
import { ImCommands } from '../dist/im/im-commands.service';
import { ImRepository } from '../dist/im/im.repository';
import { ImReadModel } from '../dist/im/im.read-model';
import { AddressBook } from '../dist/im/address-book';
import { ImQueriesController } from '../dist/controllers/im-queries.controller';
import { ChatRepository } from '../dist/chats/chat.repository';
import { ChatReadModel } from '../dist/chats/chat.read-model';
import { ChatCommands } from '../dist/chats/chat-commands.service';
import { ChatCommandsController } from '../dist/controllers/chat-commands.controller';
import { ChatQueriesController } from '../dist/controllers/chat-queries.controller';

const alice = user('alice');
const bob = user('bob');
const carol = user('carol');
const dave = user('dave');
const erin = user('erin', 'partner.org');
const everyone = [alice, bob, carol, dave, erin];

class Directory extends AddressBook {
  async lookup(address: string) {
    const p = everyone.find((x) => x.name === address);
    return p ? { accountId: p.id, name: p.name } : null;
  }
}

describe('chats and conference rooms over JetStream and the chat read model', { timeout: 180_000 }, () => {
  let service: ImService;
  let commands: ChatCommandsController;
  let queries: ChatQueriesController;
  let imQueries: ImQueriesController;
  let im: ImCommands;

  const send = async (p: Principal, message: object) => ok<ImSendMessageResult>(await commands.sendMessage(envelope(p, message))).thread;
  const join = async (p: Principal, addr: string, extra: object = {}) => ok<ImJoinRoomResult>(await commands.joinConferenceRoom(envelope(p, { addr, ...extra })));
  const modify = async (p: Principal, request: object) => ok<ImModifyChatResult>(await commands.modifyChat(envelope(p, request)));
  const getChat = async (p: Principal, thread: string, seq?: number) => ok<ImChat | null>(await queries.getChat(envelope(p, { thread, ...(seq !== undefined ? { seq } : {}) })));
  const configuration = async (p: Principal, q: object) => ok<ImChatConfiguration>(await queries.getChatConfiguration(envelope(p, q)));
  const value = (c: ImChatConfiguration, name: string) => c.vars.find((v) => v.name === name)?.value;
  /** The account events recorded on `p`'s own stream. */
  const accountEvents = async (p: Principal): Promise<ImEvent[]> =>
    (await service.store.readStream(imStream(p.id))).events.map((e) => ({ type: e.type, data: e.data }) as ImEvent);
  const chatEvents = async (p: Principal) => (await accountEvents(p)).filter((e) => e.type.startsWith('Chat'));

  before(async () => {
    service = await startImService(everyone);
    im = new ImCommands(new ImRepository(service.store), service.readModels, new Directory(), logger);
    im.now = () => service.clock.now;
    const chats = new ChatCommands(new ChatRepository(service.store), new ImRepository(service.store), im, service.readModels, { conferenceDomains: ['partner.org'] }, logger);
    chats.now = () => service.clock.now;
    commands = new ChatCommandsController(chats);
    const readModel = new ChatReadModel(service.db);
    queries = new ChatQueriesController(readModel, service.readModels, { conferenceDomains: ['partner.org'] }, logger);
    imQueries = new ImQueriesController(new ImReadModel(service.db), service.readModels, logger, readModel);
  });

  after(async () => {
    await service?.stop();
  });

  describe('1:1 chats', () => {
    let thread: string;

    it('both directions share one thread and one history counted from 1', async () => {
      thread = await send(alice, { addr: 'bob', body: { text: 'hi bob' } });
      service.clock.now += 1000;
      assert.equal(await send(bob, { thread, body: { text: 'hi alice' } }), thread);
      service.clock.now += 1000;
      assert.equal(await send(alice, { addr: 'bob@example.org', body: { text: 'lunch?' } }), thread, 'the 1:1 chat with bob is found again');
      const chat = await getChat(alice, thread);
      assert.deepEqual(
        chat!.messages.map((m) => [m.seq, m.from, m.body?.text]),
        [
          [1, alice.name, 'hi bob'],
          [2, bob.name, 'hi alice'],
          [3, alice.name, 'lunch?'],
        ],
      );
      assert.equal(chat!.isMuc, false);
      assert.deepEqual(chat!.participants, [{ addr: alice.name, me: true }, { addr: bob.name }]);
      assert.deepEqual((await getChat(bob, thread, 2))!.messages.map((m) => m.seq), [2, 3]);
      assert.equal(await getChat(carol, thread), null, 'only participants read a chat');
    });

    it('the recipient’s stream holds the messages; the roster lists the chat', async () => {
      const received = (await chatEvents(bob)).filter((e) => e.type === 'ChatMessageReceived').map((e) => e.data);
      assert.deepEqual(received.map((m) => (m as { seq?: number }).seq), [1, 3]);
      const roster = ok<ImRoster>(await imQueries.getRoster(envelope(bob, {})));
      assert.deepEqual(roster.chats, [{ thread, participants: [{ addr: alice.name }, { addr: bob.name, me: true }] }]);
    });

    it('a typing notice reaches the peer but not the history', async () => {
      const before = (await chatEvents(bob)).length;
      await send(alice, { thread, typing: true });
      const after = (await chatEvents(bob)).slice(before);
      assert.deepEqual(after.map((e) => [e.type, (e.data as { typing?: boolean; seq?: number }).typing, (e.data as { seq?: number }).seq]), [
        ['ChatMessageReceived', true, undefined],
      ]);
      assert.equal((await getChat(alice, thread))!.messages.length, 3);
    });

    it('a message my privacy list denies: nothing on my stream, service_unavailable on the sender’s', async () => {
      await im.run(bob.id, { type: 'SetPrivacyList', me: { accountId: bob.id, addr: bob.name }, items: [{ action: 'deny', order: 1, addr: dave.name }], at: service.clock.now }, { id: bob.id, name: bob.name });
      const bobBefore = (await chatEvents(bob)).length;
      const daveThread = await send(dave, { addr: 'bob', body: { text: 'spam' } });
      assert.deepEqual((await chatEvents(bob)).slice(bobBefore), [], 'the recipient’s stream gets nothing');
      const errors = (await chatEvents(dave)).filter((e) => e.type === 'ChatMessageReceived').map((e) => e.data);
      assert.deepEqual(errors, [{ thread: daveThread, from: bob.name, ts: service.clock.now, error: 'service_unavailable', at: service.clock.now }]);
    });

    it('in a chat both are in, a denied sender’s message stays out of the history the recipient reads', async () => {
      const shared = await send(dave, { addr: 'carol', body: { text: 'before' } });
      await im.run(carol.id, { type: 'SetPrivacyList', me: { accountId: carol.id, addr: carol.name }, items: [{ action: 'deny', order: 1, addr: dave.name }], at: service.clock.now }, { id: carol.id, name: carol.name });
      assert.equal(await send(dave, { thread: shared, body: { text: 'after' } }), shared);
      assert.deepEqual((await getChat(carol, shared))!.messages.map((m) => m.body?.text), ['before']);
      const errors = (await chatEvents(dave)).filter((e) => e.type === 'ChatMessageReceived' && (e.data as { thread: string }).thread === shared);
      assert.deepEqual(errors.map((e) => (e.data as { error?: string }).error), ['service_unavailable']);
    });

    it('refusals: unknown addresses, foreign threads, configuring a 1:1 chat, unknown chats', async () => {
      refused(await commands.sendMessage(envelope(alice, { addr: 'nobody', body: { text: 'x' } })), ImErrorCode.INVALID_ADDRESS);
      refused(await commands.sendMessage(envelope(carol, { thread, body: { text: 'x' } })), ImChatErrorCode.NO_SUCH_CHAT);
      refused(await commands.sendMessage(envelope(undefined, { thread, body: { text: 'x' } })), ErrorCode.AUTH_REQUIRED);
      refused(await commands.modifyChat(envelope(alice, { thread, op: 'configure', vars: [{ name: 'moderated', value: '1' }] })), ImErrorCode.NOT_A_MUC_CHAT);
      assert.deepEqual(await modify(alice, { thread: 'chat-unknown', op: 'close' }), { thread: 'chat-unknown', error: 'not_found' });
      assert.deepEqual(await configuration(alice, { thread }), { thread, isMuc: false, vars: [] });
      assert.equal((await configuration(carol, { thread })).error, 'not_found');
    });

    it('closing: out of the roster and the chat; the peer sees the chat without me', async () => {
      assert.deepEqual(await modify(alice, { thread, op: 'close' }), { thread });
      assert.equal(await getChat(alice, thread), null);
      assert.deepEqual(ok<ImRoster>(await imQueries.getRoster(envelope(alice, {}))).chats, []);
      assert.deepEqual((await getChat(bob, thread))!.participants, [{ addr: bob.name, me: true }]);
    });
  });

  describe('conference rooms', () => {
    const lounge = 'lounge@conference.example.org';
    let room: string;

    it('the services: the caller’s domain and IM_CONFERENCE_DOMAINS; another service is NotAllowed / im.NOT_A_CONFERENCE_SERVICE', async () => {
      const services = ok<ImConferenceServices>(await queries.listConferenceServices(envelope(alice, {})));
      assert.deepEqual(services.services.map((s) => s.addr), ['conference.example.org', 'conference.partner.org']);
      const foreign = await join(alice, 'room@conference.elsewhere.org');
      assert.equal(foreign.error, 'NotAllowed');
      refused(await queries.listConferenceRooms(envelope(alice, { svc: 'conference.elsewhere.org' })), ImErrorCode.NOT_A_CONFERENCE_SERVICE);
      assert.equal((await configuration(alice, { addr: 'room@conference.elsewhere.org' })).error, 'not_a_conference_room');
    });

    it('created locked: others get NoSuchRoom until the owner configures it', async () => {
      const created = await join(alice, 'Lounge@Conference.example.org');
      room = created.thread;
      assert.deepEqual(created.status, ['NewRoomCreated', 'OccupantPresence', 'SemiAnonymous', 'LoggingDisabled', 'RoomnickChanged']);
      assert.equal(created.error, undefined);
      assert.deepEqual(await join(bob, lounge), { thread: room, status: [], error: 'NoSuchRoom' });
      assert.equal((await configuration(bob, { addr: lounge })).error, 'not_a_conference_room');
      assert.deepEqual(ok<ImConferenceRooms>(await queries.listConferenceRooms(envelope(bob, {}))).rooms, []);
      assert.deepEqual(await modify(bob, { thread: room, op: 'configure', vars: [] }), { thread: room, error: 'not_found' });
      assert.deepEqual(await modify(alice, { thread: room, op: 'configure', vars: [{ name: 'longname', value: 'The Lounge' }, { name: 'maxusers', value: '3' }] }), { thread: room });
      const entered = await join(bob, lounge);
      assert.equal(entered.error, undefined);
      assert.deepEqual(entered.status, ['OccupantPresence', 'SemiAnonymous', 'LoggingDisabled', 'RoomnickChanged']);
      assert.deepEqual(ok<ImConferenceRooms>(await queries.listConferenceRooms(envelope(carol, { svc: 'conference.example.org' }))).rooms, [{ name: 'The Lounge', addr: lounge }]);
    });

    it('configuration: public by address, the owner’s by thread for owners only', async () => {
      const pub = await configuration(carol, { addr: lounge });
      assert.deepEqual([pub.isMuc, value(pub, 'open'), value(pub, 'numoccupants'), value(pub, 'longname'), value(pub, 'password')], [true, '1', '2', 'The Lounge', undefined]);
      assert.equal((await configuration(bob, { thread: room, requestOwnerConfig: true })).error, 'not_allowed');
      assert.equal((await configuration(alice, { addr: lounge, requestOwnerConfig: true })).error, 'not_allowed', 'the owner’s configuration needs the thread');
      const owner = await configuration(alice, { thread: room, requestOwnerConfig: true });
      assert.deepEqual(owner.vars.find((v) => v.name === 'owners'), { name: 'owners', values: [alice.name] });
      assert.equal(owner.addr, lounge);
    });

    it('messages and the room in both rosters; participants as each one sees them', async () => {
      await send(bob, { thread: room, body: { text: 'hello room' } });
      const chat = (await getChat(alice, room))!;
      assert.deepEqual(chat.messages.map((m) => [m.seq, m.from]), [[1, `${lounge}/bob`]]);
      assert.equal(chat.isMuc, true);
      assert.deepEqual(chat.participants.find((p) => p.name === 'bob')!.fulladdr, bob.name, 'the moderator sees real addresses');
      assert.equal((await getChat(bob, room))!.participants.find((p) => p.name === 'alice')!.fulladdr, undefined);
      const roster = ok<ImRoster>(await imQueries.getRoster(envelope(bob, {})));
      assert.deepEqual(roster.chats.find((c) => c.thread === room)?.room, lounge);
    });

    it('nickname conflicts and the user limit', async () => {
      assert.equal((await join(carol, lounge, { nickname: 'Bob' })).error, 'NicknameConflict');
      assert.equal((await join(carol, lounge, { nickname: 'carol' })).error, undefined);
      assert.equal((await join(dave, lounge)).error, 'MaxUsers');
    });

    it('kick: out with KickedFromRoom, may come back; ban: out with YouHaveBeenBanned, Banned afterwards', async () => {
      assert.deepEqual(await modify(bob, { thread: room, op: 'kick', addr: 'carol' }), { thread: room, error: 'not_allowed' });
      assert.deepEqual(await modify(alice, { thread: room, op: 'kick', addr: 'carol', message: 'calm down' }), { thread: room });
      const kicked = (await chatEvents(carol)).filter((e) => e.type === 'ChatLeft').map((e) => e.data);
      assert.deepEqual(kicked, [{ thread: room, reason: 'kicked', status: ['KickedFromRoom'], at: service.clock.now }]);
      const seen = (await chatEvents(bob)).filter((e) => e.type === 'ChatParticipantChanged').at(-1)!.data as { change: string; status?: string[] };
      assert.deepEqual([seen.change, seen.status], ['left', ['KickedFromRoom']]);
      assert.equal(await getChat(carol, room), null);
      assert.equal((await join(carol, lounge)).error, undefined);
      assert.deepEqual(await modify(alice, { thread: room, op: 'ban', addr: 'carol' }), { thread: room });
      const banned = (await chatEvents(carol)).filter((e) => e.type === 'ChatLeft').at(-1)!.data;
      assert.deepEqual(banned, { thread: room, reason: 'banned', status: ['YouHaveBeenBanned'], at: service.clock.now });
      assert.deepEqual(await join(carol, lounge), { thread: room, status: [], error: 'Banned' });
    });

    it('password-protected rooms', async () => {
      const vault = 'vault@conference.partner.org';
      const { thread } = await join(erin, vault);
      await modify(erin, { thread, op: 'configure', vars: [{ name: 'passwordprotect', value: 'true' }, { name: 'password', value: 's3cret' }] });
      assert.equal((await join(alice, vault)).error, 'PasswordRequired');
      assert.equal((await join(alice, vault, { password: 'nope' })).error, 'PasswordRequired');
      assert.equal((await join(alice, vault, { password: 's3cret' })).error, undefined);
    });

    it('members-only rooms: NotAMember until an owner’s invitation makes a member', async () => {
      const club = 'club@conference.example.org';
      const { thread } = await join(carol, club);
      await modify(carol, { thread, op: 'configure', vars: [{ name: 'membersonly', value: '1' }] });
      assert.equal((await join(bob, club)).error, 'NotAMember');
      assert.deepEqual(await modify(carol, { thread, op: 'adduser', addr: 'bob', message: 'welcome to the club' }), { thread });
      const invited = (await chatEvents(bob)).filter((e) => e.type === 'ChatInvitationReceived').at(-1)!.data;
      assert.deepEqual(invited, { thread, addr: club, from: carol.name, message: 'welcome to the club', at: service.clock.now });
      assert.equal((await join(bob, club)).error, undefined);
      const owner = await configuration(carol, { thread, requestOwnerConfig: true });
      assert.deepEqual(owner.vars.find((v) => v.name === 'members'), { name: 'members', values: [bob.name] });
    });

    it('a temporary room left empty is gone, with its history', async () => {
      const pop = 'pop@conference.example.org';
      const { thread } = await join(alice, pop);
      await modify(alice, { thread, op: 'configure', vars: [] });
      await send(alice, { thread, body: { text: 'echo' } });
      await modify(alice, { thread, op: 'close' });
      assert.equal((await configuration(bob, { addr: pop })).error, 'not_a_conference_room');
      const again = await join(bob, pop);
      assert.equal(again.status[0], 'NewRoomCreated');
      assert.deepEqual((await getChat(bob, thread))!.messages, []);
    });
  });

  it('a rebuild from the event store equals the live read models', async () => {
    const Rebuild = rebuildControllerFor('im-presence');
    const report = await new Rebuild(service.store, service.db, config, service.readModels).rebuild();
    assert.equal(report.equal, true, JSON.stringify(report));
  });
});
