// zimbraSync device self-care over SOAP (soap-mobile.txt) and the admin device count, on devices
// registered through the device-sync service's Provision handshake (as the ActiveSync edge does).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { connect, JSONCodec, NatsConnection } from 'nats';
import { BusReply, BusRequest, deviceCommandSubject, ProvisionResult } from '@gw/contracts';
import { contextHeader, post, RunningSystem, soap12, startSystem } from '../support/system';
import { faultCodeOf } from '../support/mail-client';

const SYNC = 'urn:zimbraSync';

describe('zimbraSync device self-care', { timeout: 180_000 }, () => {
  let system: RunningSystem;
  let nc: NatsConnection;
  let adminToken: string;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const codec = JSONCodec();

  const user = (name: string, body: string) => post(system.userUrl, soap12(body, contextHeader(tokens[name])));
  const admin = (body: string) => post(system.adminUrl, soap12(body, contextHeader(adminToken)));
  const devicesOf = (text: string) => [...text.matchAll(/<device id="([^"]+)"[^>]*>([\s\S]*?)<\/device>/g)].map((m) => ({ id: m[1], body: m[2] }));
  const statusOf = (text: string, id: string) => /<status>(\d)<\/status>/.exec(devicesOf(text).find((d) => d.id === id)?.body ?? '')?.[1];

  /** One Provision step as the device's user, the way the ActiveSync edge sends it. */
  async function provision(name: string, payload: Record<string, unknown>): Promise<ProvisionResult> {
    const request: BusRequest = { id: randomUUID(), principal: { id: ids[name], name: `${name}@e2e.test`, isAdmin: false, tokenId: 'e2e' }, payload };
    const subject = deviceCommandSubject('Provision');
    const reply = await nc.request(subject, codec.encode({ pattern: subject, data: request, id: randomUUID() }), { timeout: 10_000 });
    const decoded = (codec.decode(reply.data) as { response: BusReply<ProvisionResult> }).response;
    if (!decoded.ok) throw new Error(JSON.stringify(decoded.error));
    return decoded.result;
  }
  async function register(name: string, deviceId: string) {
    const offered = await provision(name, { step: 'request', deviceId, deviceType: 'iPhone', userAgent: 'Apple-iPhone/1', protocolVersion: '14.1', information: { model: 'iPhone', friendlyName: `${name}'s phone` } });
    assert.equal(offered.outcome, 'policy');
    const done = await provision(name, { step: 'acknowledge', deviceId, policyKey: (offered as { policyKey: string }).policyKey, status: 1 });
    assert.equal(done.outcome, 'provisioned');
  }

  before(async () => {
    system = await startSystem();
    nc = await connect({ servers: system.natsUrl });
    const auth = await post(system.adminUrl, soap12(`<AuthRequest xmlns="urn:zimbraAdmin"><name>${system.adminEmail}</name><password>${system.adminPassword}</password></AuthRequest>`));
    adminToken = /<authToken>([^<]+)</.exec(auth.text)![1];
    for (const name of ['ann', 'bob']) {
      const created = await admin(`<CreateAccountRequest xmlns="urn:zimbraAdmin"><name>${name}@e2e.test</name><password>${name}-password</password></CreateAccountRequest>`);
      ids[name] = /<account [^>]*id="([^"]+)"/.exec(created.text)![1];
      const signIn = await post(system.userUrl, soap12(`<AuthRequest xmlns="urn:zimbraAccount"><account by="name">${name}@e2e.test</account><password>${name}-password</password></AuthRequest>`));
      tokens[name] = /<authToken>([^<]+)</.exec(signIn.text)![1];
    }
    await register('ann', 'annphone1');
    await register('ann', 'anntablet2');
    await register('bob', 'bobphone');
  });
  after(async () => {
    await nc?.close();
    await system?.stop();
  });

  it('GetDeviceStatus lists the caller’s own devices with status, type, protocol and times', async () => {
    const res = await user('ann', `<GetDeviceStatusRequest xmlns="${SYNC}"/>`);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(devicesOf(res.text).map((d) => d.id).sort(), ['annphone1', 'anntablet2']);
    assert.match(res.text, /<device id="annphone1" type="iPhone" protocol="14.1" ua="Apple-iPhone\/1">/);
    assert.equal(statusOf(res.text, 'annphone1'), '1');
    assert.match(res.text, /<provisionable>1<\/provisionable>/);
    assert.match(res.text, /<firstReqReceived>\d{10}<\/firstReqReceived>/);
    assert.match(res.text, /<lastPolicyUpdate>\d{10}<\/lastPolicyUpdate>/);
  });

  it('remote wipe: requested, canceled, requested again; the device receives it and confirms', async () => {
    await user('ann', `<RemoteWipeRequest xmlns="${SYNC}"><device id="annphone1"/></RemoteWipeRequest>`);
    let status = await user('ann', `<GetDeviceStatusRequest xmlns="${SYNC}"/>`);
    assert.equal(statusOf(status.text, 'annphone1'), '3');
    assert.match(status.text, /<remoteWipeReqTime>\d{10}<\/remoteWipeReqTime>/);
    await user('ann', `<CancelPendingRemoteWipeRequest xmlns="${SYNC}"><device id="annphone1"/></CancelPendingRemoteWipeRequest>`);
    status = await user('ann', `<GetDeviceStatusRequest xmlns="${SYNC}"/>`);
    assert.equal(statusOf(status.text, 'annphone1'), '1');

    await user('ann', `<RemoteWipeRequest xmlns="${SYNC}"><device id="annphone1"/></RemoteWipeRequest>`);
    const next = await provision('ann', { step: 'request', deviceId: 'annphone1', deviceType: 'iPhone' });
    assert.equal(next.outcome, 'remote-wipe');
    assert.equal((await provision('ann', { step: 'wipe-acknowledge', deviceId: 'annphone1', status: 1 })).outcome, 'wipe-acknowledged');
    status = await user('ann', `<GetDeviceStatusRequest xmlns="${SYNC}"/>`);
    assert.equal(statusOf(status.text, 'annphone1'), '4');
    assert.match(status.text, /<removeWipeAckTime>\d{10}<\/removeWipeAckTime>/);
    // Too late to cancel once the device confirmed.
    assert.equal(faultCodeOf((await user('ann', `<CancelPendingRemoteWipeRequest xmlns="${SYNC}"><device id="annphone1"/></CancelPendingRemoteWipeRequest>`)).text), 'device.NO_PENDING_WIPE');
  });

  it('suspend, resume and remove; a removed device must provision again', async () => {
    await user('ann', `<SuspendDeviceRequest xmlns="${SYNC}"><device id="anntablet2"/></SuspendDeviceRequest>`);
    assert.equal(statusOf((await user('ann', `<GetDeviceStatusRequest xmlns="${SYNC}"/>`)).text, 'anntablet2'), '2');
    await user('ann', `<ResumeDeviceRequest xmlns="${SYNC}"><device id="anntablet2"/></ResumeDeviceRequest>`);
    // Resuming resets the policy: the device provisions again.
    assert.equal(statusOf((await user('ann', `<GetDeviceStatusRequest xmlns="${SYNC}"/>`)).text, 'anntablet2'), '0');
    await user('ann', `<RemoveDeviceRequest xmlns="${SYNC}"><device id="anntablet2"/></RemoveDeviceRequest>`);
    assert.deepEqual(devicesOf((await user('ann', `<GetDeviceStatusRequest xmlns="${SYNC}"/>`)).text).map((d) => d.id), ['annphone1']);
    await register('ann', 'anntablet2');
    assert.equal(statusOf((await user('ann', `<GetDeviceStatusRequest xmlns="${SYNC}"/>`)).text, 'anntablet2'), '1');
  });

  it('one user neither sees nor changes another’s devices; unknown devices are a clear fault', async () => {
    const bobs = await user('bob', `<GetDeviceStatusRequest xmlns="${SYNC}"/>`);
    assert.deepEqual(devicesOf(bobs.text).map((d) => d.id), ['bobphone']);
    const wipe = await user('bob', `<RemoteWipeRequest xmlns="${SYNC}"><device id="annphone1"/></RemoteWipeRequest>`);
    assert.equal(faultCodeOf(wipe.text), 'device.NO_SUCH_DEVICE', wipe.text);
    assert.equal(faultCodeOf((await user('ann', `<SuspendDeviceRequest xmlns="${SYNC}"><device/></SuspendDeviceRequest>`)).text), 'service.INVALID_REQUEST');
    // Without a token: no access at all.
    assert.equal(faultCodeOf((await post(system.userUrl, soap12(`<GetDeviceStatusRequest xmlns="${SYNC}"/>`))).text), 'service.AUTH_REQUIRED');
  });

  it('GetDevicesCount (admin) counts every registered device; users may not ask', async () => {
    const res = await admin(`<GetDevicesCountRequest xmlns="urn:zimbraAdmin"/>`);
    assert.equal(res.status, 200, res.text);
    assert.match(res.text, /<count>3<\/count>/);
    const asUser = await post(system.adminUrl, soap12(`<GetDevicesCountRequest xmlns="urn:zimbraAdmin"/>`, contextHeader(tokens.ann)));
    assert.equal(faultCodeOf(asUser.text), 'service.PERM_DENIED');
  });
});
