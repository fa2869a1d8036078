import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError, ErrorCode, ImPresence } from '@gw/contracts';
import { decide } from '../src/domain/decide';
import { gatewayRegisterResult } from '../src/domain/decide-presence';
import { ImCommand } from '../src/domain/im-command';
import { emptyIm, evolve, ImState } from '../src/domain/im-state';
import { ImGateways } from '../src/im/gateways';
import { notificationRetentionMs, parseGateways } from '../src/infrastructure/config';

const T = 1_700_000_000_000;
type Register = Extract<ImCommand, { type: 'RegisterGateway' }>;
const register = (op: Register['op'], extra: Partial<Register> = {}): Register => ({ type: 'RegisterGateway', op, service: 'aim', known: true, at: T, ...extra });

/** Runs the command; returns what it recorded, the state after and IMGatewayRegisterResponse's result. */
function run(state: ImState, command: Register) {
  const { events } = decide(state, command);
  const after = events.reduce(evolve, state);
  return { events, after, result: gatewayRegisterResult(after, command) };
}

describe('interop gateways', () => {
  it('an unknown service: result false and nothing recorded, whatever the op', () => {
    for (const op of ['reg', 'unreg', 'reconnect'] as const) {
      const { events, result } = run(emptyIm(), register(op, { service: 'icq', name: 'me', known: false }));
      assert.deepEqual([events, result], [[], false], op);
    }
  });

  it('reg records the remote name (never the password); reconnect and unreg need the registration', () => {
    const reg = run(emptyIm(), register('reg', { name: ' screen-name ' }));
    assert.deepEqual([reg.events, reg.result], [[{ type: 'GatewayRegistered', data: { service: 'aim', name: 'screen-name', at: T } }], true]);
    assert.deepEqual([...reg.after.gateways], [['aim', { name: 'screen-name' }]]);

    const reconnect = run(reg.after, register('reconnect'));
    assert.deepEqual([reconnect.events.map((e) => e.type), reconnect.result], [['GatewayReconnectRequested'], true]);
    const unreg = run(reg.after, register('unreg'));
    assert.deepEqual([unreg.events.map((e) => e.type), unreg.result, unreg.after.gateways.size], [['GatewayUnregistered'], true, 0]);

    assert.deepEqual([run(emptyIm(), register('unreg')).events, run(emptyIm(), register('unreg')).result], [[], true], 'unregistered already');
    assert.deepEqual([run(emptyIm(), register('reconnect')).events, run(emptyIm(), register('reconnect')).result], [[], false], 'nothing to reconnect');
  });

  it('reg without a remote name is refused', () => {
    assert.throws(() => decide(emptyIm(), register('reg', { name: '  ' })), (e: unknown) => e instanceof DomainError && e.code === ErrorCode.INVALID_REQUEST);
  });

  it('the list: every configured service, my registration with a state that follows my presence', () => {
    const gateways = new ImGateways(parseGateways('aim:aim:aim.example.com, msn:msn:msn.example.com'));
    const offline: ImPresence = { show: 'offline', unavailable: true, idle: false };
    const online: ImPresence = { show: 'online', unavailable: false, idle: false };
    const mine = new Map([['msn', 'me@hotmail.com']]);
    assert.deepEqual(gateways.list(mine, offline), [
      { name: 'aim', type: 'aim', domain: 'aim.example.com' },
      { name: 'msn', type: 'msn', domain: 'msn.example.com', registration: { name: 'me@hotmail.com', state: 'intentionally_offline' } },
    ]);
    assert.equal(gateways.list(mine, online)[1].registration?.state, 'start');
    assert.equal(gateways.has('aim'), true);
    assert.equal(gateways.has('yahoo'), false);
  });

  it('IM_GATEWAYS is name:type:domain, comma separated; none by default; a malformed one stops the service', () => {
    assert.deepEqual(parseGateways(undefined), []);
    assert.deepEqual(parseGateways(''), []);
    assert.deepEqual(parseGateways('yahoo:Yahoo:YAHOO.example.com'), [{ name: 'yahoo', type: 'yahoo', domain: 'yahoo.example.com' }]);
    assert.throws(() => parseGateways('aim:aim'), /name:type:domain/);
    assert.throws(() => parseGateways('aim:aim:a b'), /name:type:domain/);
    assert.throws(() => parseGateways('aim:aim:a.com,aim:msn:b.com'), /twice/);
  });

  it('IM_NOTIFICATION_RETENTION_SECONDS: one day by default, a positive number of seconds', () => {
    assert.equal(notificationRetentionMs({}), 86_400_000);
    assert.equal(notificationRetentionMs({ IM_NOTIFICATION_RETENTION_SECONDS: '60' }), 60_000);
    assert.throws(() => notificationRetentionMs({ IM_NOTIFICATION_RETENTION_SECONDS: '0' }), /positive/);
    assert.throws(() => notificationRetentionMs({ IM_NOTIFICATION_RETENTION_SECONDS: 'soon' }), /positive/);
  });
});

describe('roster requests', () => {
  it('every IMGetRoster records a new RosterRequested', () => {
    let state = emptyIm();
    for (const at of [T, T, T + 1]) {
      const { events, effects } = decide(state, { type: 'RequestRoster', at });
      assert.deepEqual([events, effects], [[{ type: 'RosterRequested', data: { at } }], []]);
      state = events.reduce(evolve, state);
    }
  });
});
