import { Projection } from '@gw/read-model';
import { createImProjection } from '../im/im.projection';
import { notificationRetentionMs } from './config';
import { chatProjection } from '../chats/chat.projection';

/** Every read model of the im-presence service (the IM notifications kept for IM_NOTIFICATION_RETENTION_SECONDS). */
export const IM_PRESENCE_PROJECTIONS: Projection[] = [
  createImProjection({ notificationRetentionMs: notificationRetentionMs() }),
  chatProjection,
];

/** What a request gets when the read model does not reach its position in time. */
export const IM_PRESENCE_UNAVAILABLE = 'service temporarily unavailable: IM read model is catching up';
