import { PartialType } from '@nestjs/swagger';
import { CreateHostMappingDto } from './create-host-mapping.dto';

/** Body of `PATCH /api/{device,vm}-mappings/:id`: what is given replaces what was (a list as a whole). */
export class UpdateHostMappingDto extends PartialType(CreateHostMappingDto) {}
