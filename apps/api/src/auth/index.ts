export { AuthModule } from './auth.module';
export { KeyCache } from './key-cache';
export { CurrentPrincipal, RequireAnyKey, RequireScopes } from './require-scopes.decorator';
export type { Principal } from './principal';
export { RequestContext } from './command-context.decorator';
