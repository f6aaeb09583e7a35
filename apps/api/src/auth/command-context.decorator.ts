import { createParamDecorator } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';
import type { CommandContext } from '@quarry/eventstore';
import type { AuthenticatedRequest } from './principal';

/** Who asks (the API key) and under which request id: recorded in the events a command appends. */
export const RequestContext = createParamDecorator(
  (_data: unknown, context: ExecutionContext): CommandContext => {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!request.principal)
      throw new Error('RequestContext used on a route the API key guard did not authenticate');
    return {
      actor: request.principal.keyId,
      requestId: typeof request.id === 'string' ? request.id : undefined,
    };
  },
);
