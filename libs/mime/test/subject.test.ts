import { normalizeSubject, subjectWithoutPrefixes } from '@gw/mime';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

describe('normalizeSubject (Zimbra conversation subjects)', () => {
  const cases: [string, string][] = [
    ['Hello', 'hello'],
    ['Re: Hello', 'hello'],
    ['RE: re: Re: Hello', 'hello'],
    ['Fwd: FW: Re: hello world', 'hello world'],
    ['AW: WG: Angebot', 'angebot'],
    ['SV: VS: Tilbud', 'tilbud'],
    ['Re[2]: status', 'status'],
    ['Re(3): status', 'status'],
    ['Hello (fwd)', 'hello'],
    ['Fwd: Hello (fwd) (fwd)', 'hello'],
    ['[Re: topic]', 'topic'],
    ['[dev-list] Re: build broken', '[dev-list] build broken'],
    ['[dev-list] build broken', '[dev-list] build broken'],
    ['Accepted: Team meeting', 'team meeting'],
    ['New Time Proposed: Sync', 'sync'],
    // Four letters are no prefix, nor is a colon inside the text.
    ['Antwort: Hallo', 'antwort: hallo'],
    ['Meeting at 10:30', 'meeting at 10:30'],
    ['Re:', ''],
    ['', ''],
    ['  Re:   many    spaces\there\r\n ', 'many spaces here'],
    ['Ré: Café', 'café'],
  ];
  for (const [subject, expected] of cases) {
    it(`${JSON.stringify(subject)} -> ${JSON.stringify(expected)}`, () => {
      assert.equal(normalizeSubject(subject), expected);
    });
  }

  it('threads a reply with its original', () => {
    assert.equal(normalizeSubject('Re: Fwd: Quarterly Planning'), normalizeSubject('quarterly planning'));
  });

  it('keeps the case for display', () => {
    assert.equal(subjectWithoutPrefixes('Re: Fwd: Quarterly Planning'), 'Quarterly Planning');
  });
});
