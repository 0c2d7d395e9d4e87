import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { NETBOX_HOST_OBJECT_TYPES, type NetboxHostObjectType } from '@lib/models';

/** Body of `POST /api/host-configs`: the NetBox object to bring into Zabbix now (read from NetBox). */
export class CreateHostConfigDto {
  @ApiProperty({ enum: NETBOX_HOST_OBJECT_TYPES })
  @IsIn(NETBOX_HOST_OBJECT_TYPES)
  objectType!: NetboxHostObjectType;

  @ApiProperty({ description: 'NetBox id of the device or VM', minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  objectId!: number;
}
