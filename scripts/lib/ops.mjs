// Shared by the ops scripts: where the running system's NATS is, and how to ask a service.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { root } from './prerequisites.mjs';

const require = createRequire(join(root, 'package.json'));
export const nats = require('nats');

export function natsUrlOfRunningSystem() {
  if (process.env.NATS_URL) return process.env.NATS_URL;
  const runtime = join(resolve(process.env.DATA_DIR ?? join(root, 'data')), 'runtime.json');
  if (existsSync(runtime)) return JSON.parse(readFileSync(runtime, 'utf8')).natsUrl;
  throw new Error('the system does not seem to run: start it with `npm start` (or set NATS_URL)');
}

/** A request in the shape Nest's NATS transport expects, answered by one instance of a service. */
export async function askService(nc, subject, data, timeoutMs) {
  const codec = nats.JSONCodec();
  const reply = await nc.request(subject, codec.encode({ pattern: subject, data, id: String(Date.now()) }), { timeout: timeoutMs });
  const decoded = codec.decode(reply.data);
  if (decoded.err) throw new Error(typeof decoded.err === 'string' ? decoded.err : JSON.stringify(decoded.err));
  return decoded.response;
}
