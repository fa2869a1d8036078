import { Projection } from '@gw/read-model';
import { devicesProjection } from '../devices/devices.projection';

/** Every read model of the device-sync service. */
export const DEVICE_SYNC_PROJECTIONS: Projection[] = [devicesProjection];

/** What a request gets when the read model does not reach its position in time. */
export const DEVICE_SYNC_UNAVAILABLE = 'service temporarily unavailable: device read model is catching up';
