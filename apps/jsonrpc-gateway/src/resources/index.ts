import { ExpressoResource } from '../expresso/resource';
import { loginResources } from './login';
import { mailComposeResources } from './mail-compose';
import { mailFolderResources } from './mail-folders';
import { mailMessageResources } from './mail-messages';
import { serverResources } from './server';

/** Every Expresso resource the gateway answers, by family. */
export const ALL_RESOURCES: ExpressoResource[] = [...serverResources, ...loginResources, ...mailFolderResources, ...mailMessageResources, ...mailComposeResources];
