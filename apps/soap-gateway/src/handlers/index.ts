import { SoapHandler } from '../soap/soap-handler';
import { adminAuthHandlers } from './admin/auth';
import { accountHandlers } from './admin/accounts';
import { cosHandlers, domainHandlers } from './admin/domains-and-cos';
import { distributionListHandlers } from './admin/distribution-lists';
import { searchAndRightsHandlers } from './admin/search-and-rights';
import { accountAuthHandlers } from './account/auth';
import { infoAndPrefsHandlers } from './account/info-and-prefs';
import { folderAndTagHandlers } from './mail/folders-and-tags';
import { itemActionHandlers } from './mail/item-actions';
import { searchHandlers } from './mail/search';
import { messageHandlers } from './mail/messages';
import { composeHandlers } from './mail/compose';
import { noOpHandlers } from './mail/noop';
import { waitSetHandlers } from './waitsets';
import { syncHandlers } from './sync/devices';
import { imHandlers } from './im';

/** Every SOAP request document the gateway answers, by family. */
export const ALL_HANDLERS: SoapHandler[] = [
  ...adminAuthHandlers,
  ...accountHandlers,
  ...domainHandlers,
  ...cosHandlers,
  ...distributionListHandlers,
  ...searchAndRightsHandlers,
  ...accountAuthHandlers,
  ...infoAndPrefsHandlers,
  ...folderAndTagHandlers,
  ...itemActionHandlers,
  ...searchHandlers,
  ...messageHandlers,
  ...composeHandlers,
  ...noOpHandlers,
  ...waitSetHandlers,
  ...syncHandlers,
  ...imHandlers,
];
