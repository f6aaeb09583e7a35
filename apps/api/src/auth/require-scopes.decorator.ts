import { createParamDecorator, SetMetadata } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';
import type { Scope } from '@quarry/identity';
import type { AuthenticatedRequest, Principal } from './principal';

export const REQUIRED_SCOPES = Symbol('REQUIRED_SCOPES');

/** Every /v1 route names the scopes it needs; a route without it is refused (fail closed). */
export const RequireScopes = (...scopes: Scope[]) => SetMetadata(REQUIRED_SCOPES, scopes);

/** A route any valid key may call, whatever its scopes (e.g. a key describing itself). */
export const RequireAnyKey = () => SetMetadata(REQUIRED_SCOPES, []);

export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    if (!principal)
      throw new Error('CurrentPrincipal used on a route the API key guard did not authenticate');
    return principal;
  },
);
