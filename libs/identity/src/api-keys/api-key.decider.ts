import { QuarryError } from '@quarry/errors';
import type { KeyEnvironment } from './api-key-format';
import type { Scope } from '../scopes';
import { isScope } from '../scopes';

export type ApiKeyEvent =
  | { type: 'ApiKeyRevoked'; data: { keyId: string; orgId: string; revokedAt: string } }
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
      };
    };

export type ApiKeyCommand =
  | { type: 'RevokeApiKey'; data: { keyId: string; now: Date } }
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
      };
    };

export interface ApiKeyState {
  readonly exists: boolean;
  readonly orgId: string | null;
  readonly revoked: boolean;
}

export const initialApiKeyState: ApiKeyState = { exists: false, orgId: null, revoked: false };

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
      return { ...state, exists: true, orgId: event.data.orgId };
    case 'ApiKeyRevoked':
      return { ...state, revoked: true };
  }
}

export const apiKeyDecider = {
  initialState: initialApiKeyState,
  decide: decideApiKey,
  evolve: evolveApiKey,
};
