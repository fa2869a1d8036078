import { Projection } from '@gw/read-model';
import { imProjection } from '../im/im.projection';

/** Every read model of the im-presence service. */
export const IM_PRESENCE_PROJECTIONS: Projection[] = [imProjection];

/** What a request gets when the read model does not reach its position in time. */
export const IM_PRESENCE_UNAVAILABLE = 'service temporarily unavailable: IM read model is catching up';
