import { Body, Controller, Get, HttpCode, HttpStatus, Patch, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { ManagementApi } from '../api/management-api.decorator';
import { apiValidationPipe } from '../http/api-validation.pipe';
import { SettingsApiService } from './settings-api.service';
import { SettingsChanged, SettingsView, ZabbixConnectionView } from './settings.view';
import { UpdateSettingsDto } from './update-settings.dto';

/** The settings row (the plugin's fields and defaults); secrets are write-only. */
@ManagementApi('settings')
@Controller('api/settings')
export class SettingsController {
  constructor(private readonly settings: SettingsApiService) {}

  @Get()
  @ApiOkResponse({ type: SettingsView })
  get(): Promise<SettingsView> {
    return this.settings.get();
  }

  @Patch()
  @ApiOperation({ summary: 'change any of the settings; a change that shapes hosts re-plans them' })
  @ApiOkResponse({ type: SettingsChanged })
  @ApiBadRequestResponse({ description: '`fields` names each bad field' })
  update(@Body(apiValidationPipe()) body: UpdateSettingsDto): Promise<SettingsChanged> {
    return this.settings.update(body);
  }

  @Post('zabbix-connection/test')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'test the Zabbix connection: reachable, version, latency, login' })
  @ApiOkResponse({ type: ZabbixConnectionView })
  testConnection(): Promise<ZabbixConnectionView> {
    return this.settings.testConnection();
  }
}
