import { ImGatewayService, ImPresence } from '@gw/contracts';
import { ImGatewayConfig } from '../infrastructure/config';
import { gatewayState } from './notification-bodies';

/**
 * The interop services offered (IM_GATEWAYS). There is no connector to AIM, MSN, Yahoo or ICQ:
 * a registration is recorded and reported honestly — `intentionally_offline` while the user's
 * presence is offline, otherwise `start` (created, waiting for a first connect that no connector
 * makes) — and never becomes `online`.
 */
export class ImGateways {
  constructor(readonly services: readonly ImGatewayConfig[]) {}

  has(service: string): boolean {
    return this.services.some((s) => s.name === service);
  }

  /** IMGatewayList: every service, with my registration on it and its state given my presence. */
  list(registrations: ReadonlyMap<string, string>, presence: ImPresence): ImGatewayService[] {
    return this.services.map((s) => {
      const name = registrations.get(s.name);
      return name === undefined ? { ...s } : { ...s, registration: { name, state: gatewayState(presence) } };
    });
  }
}
