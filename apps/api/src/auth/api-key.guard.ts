import { Inject, Injectable } from '@nestjs/common';
import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CLOCK } from '@quarry/clock';
import type { Clock } from '@quarry/clock';
import { PooledQueries } from '@quarry/database';
import { QuarryError } from '@quarry/errors';
import { API_KEY_PEPPER, hashApiKey, isScope, parseApiKey, PLANS } from '@quarry/identity';
import type { Scope } from '@quarry/identity';
import { rateLimitHeaders, retryAfter } from '../rate-limits/rate-limit-headers';
import { RateLimiter } from '../rate-limits/rate-limiter';
import { KeyCache } from './key-cache';
import type { KeyRow } from './key-cache';
import { KeyUsage } from './key-usage';
import type { AuthenticatedRequest } from './principal';
import { REQUIRED_SCOPES } from './require-scopes.decorator';

/**
 * Authenticates every /v1 request by its API key and checks the route's
 * scopes. Messages say why a key is refused (unknown, expired, revoked);
 * a malformed or mistyped key is refused before any lookup.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly reads: PooledQueries,
    @Inject(API_KEY_PEPPER) private readonly pepper: string,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly rateLimiter: RateLimiter,
    private readonly keyCache: KeyCache,
    private readonly keyUsage: KeyUsage,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest & AuthenticatedRequest>();
    if (!request.url.startsWith('/v1/')) return true;
    const required = this.reflector.getAllAndOverride<Scope[] | undefined>(REQUIRED_SCOPES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required)
      throw new QuarryError('forbidden', 'This route has no scope policy; refusing by default');

    const row = await this.authenticate(request);
    if (row.org_status === 'suspended')
      throw new QuarryError('forbidden', 'Organization suspended');
    await this.limitRate(row, context.switchToHttp().getResponse<FastifyReply>());

    const scopes = new Set(row.scopes.filter(isScope));
    const missing = required.find((scope) => !scopes.has(scope));
    if (missing) throw new QuarryError('forbidden', `This API key lacks the scope ${missing}`);
    request.principal = { orgId: row.org_id, keyId: row.key_id, scopes, key: row };
    this.keyUsage.record(row.key_id, this.clock.now().getTime());
    return true;
  }

  /**
   * Finds the key, or says why not (401). Failed attempts are counted per
   * client address; past the limit they get 429 instead, slowing guessing.
   */
  private async authenticate(request: FastifyRequest): Promise<KeyRow> {
    try {
      return await this.lookUp(request);
    } catch (error) {
      if (!(error instanceof QuarryError) || error.code !== 'unauthorized') throw error;
      const wait = await this.rateLimiter.failedAuthentication(request.ip);
      if (wait !== null) {
        throw new QuarryError(
          'rate_limit_exceeded',
          `Too many failed authentications from this address. Retry after ${wait} seconds.`,
          [],
          wait,
        );
      }
      throw error;
    }
  }

  private async lookUp(request: FastifyRequest): Promise<KeyRow> {
    const secret = this.bearer(request.headers.authorization);
    const parsed = parseApiKey(secret);
    if (!parsed.ok) {
      throw new QuarryError(
        'unauthorized',
        parsed.reason === 'bad_checksum'
          ? 'API key checksum does not match: the key was mistyped or truncated'
          : 'Malformed API key: expected qk_live_… or qk_test_…',
      );
    }
    const hash = hashApiKey(secret, this.pepper);
    const now = this.clock.now().getTime();
    let row = this.keyCache.get(hash, now);
    if (!row) {
      [row] = await this.reads.rows<KeyRow>(
        `SELECT k.key_id, k.org_id, k.name, k.prefix, k.hint, k.scopes, k.environment, k.status,
                k.expires_at, k.created_at, o.status AS org_status, o.plan
           FROM api_keys k LEFT JOIN organizations o ON o.org_id = k.org_id
          WHERE k.key_hash = $1`,
        [hash],
      );
      // Unknown keys are not cached: a key created a moment later must work at once. Nor is a
      // key whose organization is not projected yet: its plan would be cached as unknown.
      if (row && row.org_status !== null) this.keyCache.set(hash, row, now);
    }
    if (!row) throw new QuarryError('unauthorized', 'Unknown API key');
    if (row.status === 'revoked') throw new QuarryError('unauthorized', 'API key revoked');
    if (row.expires_at && row.expires_at.getTime() <= now)
      throw new QuarryError('unauthorized', 'API key expired');
    return row;
  }

  /** Every authenticated response carries the quota headers; over quota is a 429 with Retry-After. */
  private async limitRate(row: KeyRow, response: FastifyReply): Promise<void> {
    const plan = PLANS.find((p) => p === row.plan) ?? 'free';
    const windows = await this.rateLimiter.hit(row.key_id, plan);
    if (!windows) return;
    response.headers(rateLimitHeaders(windows));
    const wait = retryAfter(windows);
    if (wait !== null) {
      throw new QuarryError(
        'rate_limit_exceeded',
        `Rate limit exceeded. Retry after ${wait} seconds.`,
        [],
        wait,
      );
    }
  }

  private bearer(header: string | undefined): string {
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match)
      throw new QuarryError('unauthorized', 'Missing API key: send Authorization: Bearer <key>');
    return match[1];
  }
}
