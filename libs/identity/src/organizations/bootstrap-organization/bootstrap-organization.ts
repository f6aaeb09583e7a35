import type { CommandBus } from '@nestjs/cqrs';
import type { ApiKeyCreatedResult } from '../../api-keys/create-api-key/create-api-key.command';
import { CreateApiKey } from '../../api-keys/create-api-key/create-api-key.command';
import type { CommandContext } from '@quarry/eventstore';
import type { Scope } from '../../scopes';
import { SCOPES } from '../../scopes';
import type { OrganizationCreatedResult } from '../create-organization/create-organization.command';
import { CreateOrganization } from '../create-organization/create-organization.command';
import type { Plan } from '../organization.decider';

export interface BootstrappedOrganization {
  readonly orgId: string;
  readonly keyId: string;
  /** Shown once. */
  readonly secret: string;
  /** Position of the key's event: wait for the api_keys projection to pass it before using the key. */
  readonly position: bigint;
  /** Position of the organization's event: the organizations projection shows it once past it. */
  readonly orgPosition: bigint;
}

/**
 * An organization and its first API key (every scope unless told otherwise):
 * how operators, the embedded default and tests start a tenant.
 */
export async function bootstrapOrganization(
  commandBus: CommandBus,
  input: { name: string; plan: Plan; keyName?: string; scopes?: readonly Scope[] },
  context: CommandContext,
): Promise<BootstrappedOrganization> {
  const org = await commandBus.execute<CreateOrganization, OrganizationCreatedResult>(
    new CreateOrganization({ name: input.name, plan: input.plan }, context),
  );
  const key = await commandBus.execute<CreateApiKey, ApiKeyCreatedResult>(
    new CreateApiKey(
      {
        orgId: org.orgId,
        name: input.keyName ?? 'First key',
        scopes: input.scopes ?? SCOPES,
        environment: 'live',
        expiresAt: null,
      },
      context,
    ),
  );
  return {
    orgId: org.orgId,
    keyId: key.keyId,
    secret: key.secret,
    position: key.position,
    orgPosition: org.position,
  };
}
