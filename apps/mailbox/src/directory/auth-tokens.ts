import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { NatsConnection } from 'nats';
import { NATS_CONNECTION } from '@gw/service-infra';
import { MAILBOX_CONFIG } from '../infrastructure/tokens';
import { MailboxConfig } from '../infrastructure/config';

export interface TokenClaims {
  /** Account id. */
  sub: string;
  /** Issued on the admin port to an admin account. */
  adm: boolean;
  /** The account's password version when issued: a password change voids older tokens. */
  pv: number;
  /** Token id, for EndSession. */
  jti: string;
  iat: number;
  exp: number;
  /** Admin account that obtained this token through DelegateAuth. */
  dlg?: string;
}

const SECRET_BUCKET = 'groupware-secrets';
const SECRET_KEY = 'auth-token-secret';

/**
 * Signs and reads auth tokens (HMAC-SHA256 over the claims). The secret is generated once and
 * kept in a NATS key-value bucket, so every mailbox instance on every host signs alike without
 * a shared file; AUTH_TOKEN_SECRET overrides it.
 */
@Injectable()
export class AuthTokens implements OnModuleInit {
  private secret!: Buffer;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(MAILBOX_CONFIG) private readonly config: MailboxConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.config.authTokenSecret) {
      this.secret = Buffer.from(this.config.authTokenSecret, 'utf8');
      return;
    }
    const kv = await this.nc.jetstream().views.kv(SECRET_BUCKET, { history: 1 });
    try {
      // create() only succeeds for the first instance ever; the others read what it wrote.
      await kv.create(SECRET_KEY, randomBytes(32));
    } catch {
      /* already there */
    }
    const entry = await kv.get(SECRET_KEY);
    if (!entry?.value?.length) throw new Error('auth token secret missing from NATS key-value store');
    this.secret = Buffer.from(entry.value);
  }

  issue(claims: Omit<TokenClaims, 'jti' | 'iat' | 'exp'>, lifetimeMs: number, now = Date.now()): { token: string; claims: TokenClaims } {
    const full: TokenClaims = { ...claims, jti: randomUUID(), iat: now, exp: now + lifetimeMs };
    const payload = Buffer.from(JSON.stringify(full)).toString('base64url');
    return { token: `0_${payload}.${this.sign(payload)}`, claims: full };
  }

  /** The claims of a well-formed token with a valid signature, or null. Expiry is checked by the caller. */
  read(token: string): TokenClaims | null {
    const match = /^0_([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(token.trim());
    if (!match) return null;
    const [, payload, signature] = match;
    const expected = Buffer.from(this.sign(payload));
    const actual = Buffer.from(signature);
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims;
      return typeof claims.sub === 'string' && typeof claims.exp === 'number' ? claims : null;
    } catch {
      return null;
    }
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}
