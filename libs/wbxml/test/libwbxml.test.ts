// Cross-checks against an independent implementation: Debian's libwbxml2-utils. The exact
// command lines (and why each flag) are in support/libwbxml.ts:
//   wbxml2xml -l ACTIVESYNC -m 0 -o - -        xml2wbxml -a -n -k -v 1.3 -o - -
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { before, describe, it } from 'node:test';
// @ts-expect-error plain ESM helper
import { ensureDebianPackage } from '../../../scripts/lib/prerequisites.mjs';
import { CODE_PAGES, decode, el, encode, type CodePageName, type TagName, type WbxmlElement } from '../src';
import { DOCUMENTS } from './support/documents';
import {
  libName,
  libNamespace,
  libView,
  libXml,
  NEWER_THAN_LIBWBXML_0_11_8,
  parseLibXml,
  wbxml2xml,
  xml2wbxml,
} from './support/libwbxml';

before(() => {
  ensureDebianPackage('wbxml2xml', 'libwbxml2-utils');
});

describe('our encoder, libwbxml decoder', () => {
  for (const [name, doc] of Object.entries(DOCUMENTS)) {
    it(`${name}: wbxml2xml reads what encode wrote`, () => {
      assert.deepEqual(parseLibXml(wbxml2xml(encode(doc))), libView(doc));
    });
  }
});

describe('libwbxml encoder, our decoder', () => {
  for (const [name, doc] of Object.entries(DOCUMENTS)) {
    it(`${name}: xml2wbxml writes the same bytes as encode, and decode reads them back`, () => {
      const theirs = xml2wbxml(libXml(doc));
      assert.equal(theirs.toString('hex'), encode(doc).toString('hex'));
      assert.deepEqual(decode(theirs), doc);
    });
  }

  it('decodes hand-written MS-ASCMD style XML (prefixed namespaces, indentation) encoded by libwbxml', () => {
    // Indentation is ignorable whitespace: this one goes through xml2wbxml without -k.
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE ActiveSync PUBLIC "-//MICROSOFT//DTD ActiveSync//EN" "http://www.microsoft.com/">
<Provision xmlns="Provision:" xmlns:settings="Settings:">
  <settings:DeviceInformation>
    <settings:Set>
      <settings:Model>iPhone15,2</settings:Model>
      <settings:IMEI>35 397310 123456 7</settings:IMEI>
      <settings:FriendlyName>iPhone de José</settings:FriendlyName>
      <settings:OS>iOS 17.4 21E219</settings:OS>
      <settings:OSLanguage>pt</settings:OSLanguage>
      <settings:UserAgent>Apple-iPhone15C2/2104.219</settings:UserAgent>
    </settings:Set>
  </settings:DeviceInformation>
  <Policies>
    <Policy>
      <PolicyType>MS-EAS-Provisioning-WBXML</PolicyType>
    </Policy>
  </Policies>
</Provision>`;
    const result = spawnSync('xml2wbxml', ['-a', '-n', '-v', '1.3', '-o', '-', '-'], { input: xml });
    assert.equal(result.status, 0, result.stderr.toString());
    const s = (name: TagName<'Settings'>, value: string) => el('Settings', name, value);
    assert.deepEqual(
      decode(result.stdout),
      el(
        'Provision',
        'Provision',
        el(
          'Settings',
          'DeviceInformation',
          el(
            'Settings',
            'Set',
            s('Model', 'iPhone15,2'),
            s('IMEI', '35 397310 123456 7'),
            s('FriendlyName', 'iPhone de José'),
            s('OS', 'iOS 17.4 21E219'),
            s('OSLanguage', 'pt'),
            s('UserAgent', 'Apple-iPhone15C2/2104.219'),
          ),
        ),
        el('Provision', 'Policies', el('Provision', 'Policy', el('Provision', 'PolicyType', 'MS-EAS-Provisioning-WBXML'))),
      ),
    );
  });
});

describe('code page tables against libwbxml, token by token', () => {
  for (const [ns, { page, tags }] of Object.entries(CODE_PAGES) as [CodePageName, { page: number; tags: Record<number, string> }][]) {
    const names = Object.values(tags);
    const newer = NEWER_THAN_LIBWBXML_0_11_8[ns] ?? [];
    // One document a page: the page's first tag holding every tag of the page, empty.
    const doc: WbxmlElement = { ns, name: names[0], children: names.map((name) => ({ ns, name, children: [] })) };

    it(`page ${page} ${ns}: wbxml2xml names each of our ${names.length} tokens as we do (modulo the known renamings)`, () => {
      const theirs = parseLibXml(wbxml2xml(encode(doc)));
      const got = theirs.children.map((c) => (typeof c === 'string' ? c : c.name));
      const expected = names.map((n) => libName(ns, n));
      for (let i = 0; i < names.length; i++) {
        // Tags of protocol 16.1 are <unknown/> to libwbxml 0.11.8, known (same names) to 0.11.9+.
        if (newer.includes(names[i]) && got[i] === 'unknown') continue;
        assert.equal(got[i], expected[i], `token 0x${Number(Object.keys(tags)[i]).toString(16)} of page ${page}`);
      }
      if (!newer.includes(names[0])) assert.equal(theirs.ns, libNamespace(ns));
    });

    const known = names.filter((n) => !newer.includes(n));
    if (known.length > 0) {
      it(`page ${page} ${ns}: xml2wbxml encodes each of the ${known.length} tag names libwbxml 0.11.8 knows to our bytes`, () => {
        const knownDoc: WbxmlElement = { ns, name: known[0], children: known.map((name) => ({ ns, name, children: [] })) };
        assert.equal(xml2wbxml(libXml(knownDoc)).toString('hex'), encode(knownDoc).toString('hex'));
      });
    }
  }
});
