import { QuarryError } from '@quarry/errors';
import type { KeyEnvironment } from './api-key-format';
import type { Scope } from '../scopes';
import { isScope } from '../scopes';

/** How long a rotated key keeps working beside its replacement. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

export type ApiKeyEvent =
  | { type: 'ApiKeyRevoked'; data: { keyId: string; orgId: string; revokedAt: string } }
  | {
      type: 'ApiKeyRotated';
      data: {
        keyId: string;
        orgId: string;
        replacedBy: string;
        rotatedAt: string;
        overlapEndsAt: string;
      };
    }
  | {
      type: 'ApiKeyCreated';
      data: {
        keyId: string;
        orgId: string;
        name: string;
        scopes: Scope[];
        environment: KeyEnvironment;
        keyHash: string;
        prefix: string;
        hint: string;
        expiresAt: string | null;
        createdAt: string;
        /** Set on a key created by rotating another. */
        rotatedFrom?: string;
      };
    };

export type ApiKeyCommand =
  | { type: 'RevokeApiKey'; data: { keyId: string; now: Date } }
  | { type: 'RotateApiKey'; data: { keyId: string; replacedBy: string; now: Date } }
  | {
      type: 'CreateApiKey';
      data: {
        keyId: string;
        orgId: string;
        name: string;
        scopes: readonly string[];
        environment: KeyEnvironment;
        keyHash: string;
        prefix: string;
        hint: string;
        expiresAt: Date | null;
        now: Date;
        rotatedFrom?: string;
      };
    };

export interface ApiKeyState {
  readonly exists: boolean;
  readonly orgId: string | null;
  readonly revoked: boolean;
  readonly rotating: boolean;
  readonly expiresAt: string | null;
  /** What a rotation copies into the new key. */
  readonly name: string;
  readonly scopes: readonly Scope[];
  readonly environment: KeyEnvironment;
}

export const initialApiKeyState: ApiKeyState = {
  exists: false,
  orgId: null,
  revoked: false,
  rotating: false,
  expiresAt: null,
  name: '',
  scopes: [],
  environment: 'live',
};

export const apiKeyStream = (keyId: string) => `apikey-${keyId}`;

const invalid = (field: string, message: string) =>
  new QuarryError('invalid_request', message, [{ field, code: 'invalid', message }]);

export function decideApiKey(command: ApiKeyCommand, state: ApiKeyState): ApiKeyEvent[] {
  switch (command.type) {
    case 'CreateApiKey': {
      const { data } = command;
      if (state.exists) throw new QuarryError('conflict', `API key ${data.keyId} already exists`);
      const name = data.name.trim();
      if (name.length === 0 || name.length > 100)
        throw invalid('name', 'name must be 1 to 100 characters');
      if (data.scopes.length === 0) throw invalid('scopes', 'scopes must name at least one scope');
      const unknown = data.scopes.find((s) => !isScope(s));
      if (unknown !== undefined) throw invalid('scopes', `unknown scope ${unknown}`);
      if (data.expiresAt && data.expiresAt.getTime() <= data.now.getTime()) {
        throw invalid('expires_at', 'expires_at must be in the future');
      }
      return [
        {
          type: 'ApiKeyCreated',
          data: {
            keyId: data.keyId,
            orgId: data.orgId,
            name,
            scopes: [...new Set(data.scopes)].filter(isScope),
            environment: data.environment,
            keyHash: data.keyHash,
            prefix: data.prefix,
            hint: data.hint,
            expiresAt: data.expiresAt?.toISOString() ?? null,
            createdAt: data.now.toISOString(),
            ...(data.rotatedFrom !== undefined && { rotatedFrom: data.rotatedFrom }),
          },
        },
      ];
    }
    case 'RotateApiKey': {
      const { keyId, replacedBy, now } = command.data;
      if (!state.exists || state.orgId === null)
        throw new QuarryError('not_found', `API key ${keyId} not found`);
      if (state.revoked) throw new QuarryError('conflict', `API key ${keyId} is revoked`);
      if (state.rotating) throw new QuarryError('conflict', `API key ${keyId} was already rotated`);
      const expiry =
        state.expiresAt === null ? Number.POSITIVE_INFINITY : Date.parse(state.expiresAt);
      if (expiry <= now.getTime())
        throw new QuarryError('conflict', `API key ${keyId} has expired`);
      // The old key works for exactly 24 h more, or until it would have expired anyway.
      const overlapEndsAt = new Date(
        Math.min(expiry, now.getTime() + ROTATION_OVERLAP_MS),
      ).toISOString();
      return [
        {
          type: 'ApiKeyRotated',
          data: {
            keyId,
            orgId: state.orgId,
            replacedBy,
            rotatedAt: now.toISOString(),
            overlapEndsAt,
          },
        },
      ];
    }
    case 'RevokeApiKey': {
      const { keyId, now } = command.data;
      if (!state.exists || state.orgId === null)
        throw new QuarryError('not_found', `API key ${keyId} not found`);
      // Revoking twice changes nothing: DELETE stays safe to retry.
      if (state.revoked) return [];
      return [
        {
          type: 'ApiKeyRevoked',
          data: { keyId, orgId: state.orgId, revokedAt: now.toISOString() },
        },
      ];
    }
  }
}

export function evolveApiKey(state: ApiKeyState, event: ApiKeyEvent): ApiKeyState {
  switch (event.type) {
    case 'ApiKeyCreated':
      return {
        ...state,
        exists: true,
        orgId: event.data.orgId,
        expiresAt: event.data.expiresAt,
        name: event.data.name,
        scopes: event.data.scopes,
        environment: event.data.environment,
      };
    case 'ApiKeyRotated':
      return { ...state, rotating: true, expiresAt: event.data.overlapEndsAt };
    case 'ApiKeyRevoked':
      return { ...state, revoked: true };
  }
}

export const apiKeyDecider = {
  initialState: initialApiKeyState,
  decide: decideApiKey,
  evolve: evolveApiKey,
};
