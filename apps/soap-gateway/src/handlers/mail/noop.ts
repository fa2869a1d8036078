import { attr } from '@gw/soap';
import { flag, response } from '../directory-elements';
import { mailHandler, optionalInt } from './mail-elements';

/**
 * NoOpRequest: does nothing, so the response context carries the session's notifications.
 * With wait="1" the session layer holds the response until there are some (soap.txt).
 */
export const noOpHandlers = [
  mailHandler('NoOpRequest', async (request, ctx) => {
    if (flag(request, 'wait', false)) {
      const timeout = attr(request, 'timeout') === undefined ? undefined : optionalInt(request, 'timeout');
      ctx.noopWait = { limitToOneBlocked: flag(request, 'limitToOneBlocked', false), ...(timeout !== undefined ? { requestedMs: Math.max(0, timeout) } : {}) };
    }
    return response(request);
  }),
];
