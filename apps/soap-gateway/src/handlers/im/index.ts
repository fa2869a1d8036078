import { SoapHandler } from '../../soap/soap-handler';
import { chatHandlers } from './chats';
import { conferenceHandlers } from './conference';
import { gatewayHandlers } from './gateways';
import { presenceHandlers } from './presence';
import { privacyHandlers } from './privacy';
import { rosterHandlers } from './roster';

/** urn:zimbraIM (soap-im.txt): the fifteen IM requests, relayed to the im-presence service. */
export const imHandlers: SoapHandler[] = [...rosterHandlers, ...presenceHandlers, ...chatHandlers, ...conferenceHandlers, ...privacyHandlers, ...gatewayHandlers];
