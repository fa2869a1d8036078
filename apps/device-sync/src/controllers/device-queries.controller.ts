import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';
import { AllDevicesPage, BusReply, BusRequest, DeviceCount, DeviceInfo, DeviceList, deviceQueries as q, deviceQuerySubject } from '@gw/contracts';
import { LOGGER, Logger } from '@gw/nats-bus';
import { answerQuery, ReadModelSet } from '@gw/service-infra';
import { DevicesReadModel } from '../devices/devices.read-model';
import { requireAdmin, targetAccount } from '../domain/access';
import { refuse } from '../domain/refusals';

/** Queries over the devices read model; each first waits for the caller's last write. */
@Controller()
export class DeviceQueriesController {
  constructor(
    private readonly readModel: DevicesReadModel,
    private readonly readModels: ReadModelSet,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  private query<S extends z.ZodTypeAny, R>(raw: unknown, schema: S, fn: (payload: z.infer<S>, request: BusRequest) => Promise<R>): Promise<BusReply<R>> {
    return answerQuery(this.readModels, this.logger, raw, schema, fn);
  }

  /** zimbraSync GetDeviceStatus, Z-Push ListDevicesDetails. */
  @MessagePattern(deviceQuerySubject('ListDevices'))
  listDevices(@Payload() raw: unknown) {
    return this.query(raw, q.ListDevices, async (p, request): Promise<DeviceList> => ({
      devices: await this.readModel.ofAccount(targetAccount(request.principal, p.accountId)),
    }));
  }

  /** Z-Push GetDeviceDetails and AdditionalFolderList. */
  @MessagePattern(deviceQuerySubject('GetDevice'))
  getDevice(@Payload() raw: unknown) {
    return this.query(raw, q.GetDevice, async (p, request): Promise<DeviceInfo> => {
      const device = await this.readModel.get(targetAccount(request.principal, p.accountId), p.deviceId);
      if (!device) throw refuse.noSuchDevice(p.deviceId);
      return device;
    });
  }

  /** Z-Push WebserviceUsers ListDevices, ListDevicesAndUsers, ListDevicesDetails. */
  @MessagePattern(deviceQuerySubject('ListAllDevices'))
  listAllDevices(@Payload() raw: unknown) {
    return this.query(raw, q.ListAllDevices, async (p, request): Promise<AllDevicesPage> => {
      requireAdmin(request.principal);
      return this.readModel.all(p.offset, p.limit);
    });
  }

  /** zimbraAdmin GetDevicesCount. */
  @MessagePattern(deviceQuerySubject('CountDevices'))
  countDevices(@Payload() raw: unknown) {
    return this.query(raw, q.CountDevices, async (_, request): Promise<DeviceCount> => {
      requireAdmin(request.principal);
      return { count: await this.readModel.count() };
    });
  }
}
