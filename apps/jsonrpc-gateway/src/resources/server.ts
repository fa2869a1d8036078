import { z } from 'zod';
import { SERVER_CONTEXT } from '../config';
import { resource } from '../expresso/resource';

/** The Expresso version this edge speaks (seed: "API: Versões = 2.2 e 2.4"); clients branch on it. */
export const EXPRESSO_VERSION = '2.4';
const API_VERSION = '1.0';

/** What a client asks before it logs in: which servers there are, and which version they run. */
export const serverResources = [
  resource('AvailableServers', 'none', z.object({}), async (_, ctx) => ({
    servers: [
      {
        serverID: '1',
        serverName: ctx.config.serverName,
        serverDescription: ctx.config.serverDescription,
        serverUrl: ctx.config.publicUrl ?? ctx.baseUrl,
        serverContext: SERVER_CONTEXT,
        serverStatus: '1',
      },
    ],
  }), { allowGet: true }),
  resource('ExpressoVersion', 'none', z.object({}), async () => ({ expressoVersion: EXPRESSO_VERSION, apiVersion: API_VERSION }), { allowGet: true }),
];
