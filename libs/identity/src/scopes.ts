/** Every scope of PRODUCT.md. */
export const SCOPES = [
  'jobs:read',
  'jobs:write',
  'leads:read',
  'leads:write',
  'webhooks:read',
  'webhooks:write',
  'keys:manage',
  'billing:read',
  'billing:write',
  'audit:read',
  'admin',
] as const;

export type Scope = (typeof SCOPES)[number];

export const isScope = (value: string): value is Scope =>
  (SCOPES as readonly string[]).includes(value);
