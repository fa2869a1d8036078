import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError, ImErrorCode, ImEvent, ImShow } from '@gw/contracts';
import { decide } from '../src/domain/decide';
import { ImCommand } from '../src/domain/im-command';
import { emptyIm, evolve, ImState } from '../src/domain/im-state';
import { aggregatePresence } from '../src/domain/presence-view';

const T = 1_700_000_000_000;

class Account {
  state: ImState = emptyIm();
  run(command: ImCommand): ImEvent[] {
    const { events } = decide(this.state, command);
    this.state = events.reduce(evolve, this.state);
    return events;
  }
  presence(now: number) {
    return aggregatePresence(this.state.presence, now);
  }
}

const ME = { accountId: 'acct-me', addr: 'me@example.org' };

const set = (sessionId: string, show: ImShow, priority: number, at: number, status?: string): ImCommand => ({
  type: 'SetPresence',
  me: ME,
  sessionId,
  show,
  priority,
  at,
  ...(status ? { status } : {}),
});

describe('presence per session', () => {
  it('without sessions an account is unavailable, with no last activity', () => {
    assert.deepEqual(new Account().presence(T), { show: 'offline', unavailable: true, idle: false });
  });

  it('one session: its show, priority, status; seconds since the last action', () => {
    const a = new Account();
    a.run(set('s1', 'dnd', 5, T, 'In a meeting'));
    assert.deepEqual(a.presence(T + 42_500), { show: 'dnd', unavailable: false, priority: 5, status: 'In a meeting', idle: false, secondsSinceLastActivity: 42 });
  });

  it('the highest priority session leads; at equal priority the most available one', () => {
    const a = new Account();
    a.run(set('s1', 'away', 1, T));
    a.run(set('s2', 'dnd', 10, T));
    assert.equal(a.presence(T).show, 'dnd');
    a.run(set('s2', 'xa', 1, T + 1));
    a.run(set('s3', 'chat', 1, T + 2));
    assert.equal(a.presence(T).show, 'chat');
  });

  it('going offline ends the session; the last one leaves the account unavailable since then', () => {
    const a = new Account();
    a.run(set('s1', 'online', 0, T));
    a.run(set('s2', 'away', 0, T));
    a.run(set('s1', 'offline', 0, T + 1000));
    assert.equal(a.presence(T + 1000).show, 'away');
    a.run(set('s2', 'offline', 0, T + 5000));
    assert.deepEqual(a.presence(T + 65_000), { show: 'offline', unavailable: true, idle: false, secondsSinceLastActivity: 60 });
    assert.deepEqual(a.run(set('s2', 'offline', 0, T + 6000)), [], 'an unknown session going offline records nothing');
  });

  it('IMSetIdle needs a session', () => {
    const a = new Account();
    assert.throws(
      () => a.run({ type: 'SetIdle', me: ME, idle: true, idleSeconds: 10, at: T }),
      (e: unknown) => e instanceof DomainError && e.code === ImErrorCode.SESSION_REQUIRED,
    );
  });

  it('all sessions idle make the user away; one active session keeps them online', () => {
    const a = new Account();
    a.run(set('web1', 'online', 0, T));
    a.run(set('web2', 'online', 0, T));
    a.run({ type: 'SetIdle', me: ME, sessionId: 'web1', idle: true, idleSeconds: 300, at: T + 600_000 });
    assert.equal(a.presence(T + 600_000).show, 'online');
    a.run({ type: 'SetIdle', me: ME, sessionId: 'web2', idle: true, idleSeconds: 120, at: T + 600_000 });
    const idle = a.presence(T + 600_000);
    assert.deepEqual([idle.show, idle.idle, idle.secondsSinceLastActivity], ['away', true, 120]);
    assert.deepEqual(a.run({ type: 'SetIdle', me: ME, sessionId: 'web2', idle: true, idleSeconds: 500, at: T + 700_000 }), [], 'still idle: the first report stands');
    a.run({ type: 'SetIdle', me: ME, sessionId: 'web1', idle: false, idleSeconds: 0, at: T + 800_000 });
    const back = a.presence(T + 800_000);
    assert.deepEqual([back.show, back.idle, back.secondsSinceLastActivity], ['online', false, 0]);
  });

  it('an idle report of a session without presence brings it online first; dnd stays dnd when idle', () => {
    const a = new Account();
    a.run({ type: 'SetIdle', me: ME, sessionId: 'web', idle: false, idleSeconds: 0, at: T });
    assert.equal(a.presence(T).show, 'online');
    a.run(set('web', 'dnd', 0, T));
    a.run({ type: 'SetIdle', me: ME, sessionId: 'web', idle: true, idleSeconds: 0, at: T + 1000 });
    assert.equal(a.presence(T + 1000).show, 'dnd');
  });
});
