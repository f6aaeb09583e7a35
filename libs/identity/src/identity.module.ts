import { Global, Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CreateApiKeyHandler } from './api-keys/create-api-key/create-api-key.handler';
import { RevokeApiKeyHandler } from './api-keys/revoke-api-key/revoke-api-key.handler';
import { RotateApiKeyHandler } from './api-keys/rotate-api-key/rotate-api-key.handler';
import { API_KEY_PEPPER } from './identity.tokens';
import { ChangeOrganizationPlanHandler } from './organizations/change-organization-plan/change-organization-plan.handler';
import { CreateOrganizationHandler } from './organizations/create-organization/create-organization.handler';
import { RenameOrganizationHandler } from './organizations/rename-organization/rename-organization.handler';
import { SuspendOrganizationHandler } from './organizations/suspend-organization/suspend-organization.handler';
import { UnsuspendOrganizationHandler } from './organizations/unsuspend-organization/unsuspend-organization.handler';

/** Organizations and API keys. The pepper is shared with the API key guard. */
@Global()
@Module({})
export class IdentityModule {
  static forRoot(options: { pepper: string }): DynamicModule {
    return {
      module: IdentityModule,
      imports: [CqrsModule],
      providers: [
        { provide: API_KEY_PEPPER, useValue: options.pepper },
        CreateOrganizationHandler,
        SuspendOrganizationHandler,
        UnsuspendOrganizationHandler,
        RenameOrganizationHandler,
        ChangeOrganizationPlanHandler,
        CreateApiKeyHandler,
        RevokeApiKeyHandler,
        RotateApiKeyHandler,
      ],
      exports: [API_KEY_PEPPER],
    };
  }
}
