import { Projection } from '@gw/read-model';
import { directoryProjection } from '../directory/directory.projection';
import { mailProjection } from '../mail/mail.projection';

/** Every read model of the mailbox service. */
export const MAILBOX_PROJECTIONS: Projection[] = [directoryProjection, mailProjection];
