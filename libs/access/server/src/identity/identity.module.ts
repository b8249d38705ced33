import { Injectable, Logger, Module } from '@nestjs/common';
import type { DynamicModule, MiddlewareConsumer, NestModule, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccountStore } from './account-store';
import { AuthController, OIDC_SIGN_IN } from './auth.controller';
import { IDENTITY_SETTINGS } from './identity-settings';
import type { IdentitySettings } from './identity-settings';
import { OidcSignIn } from './oidc-sign-in';
import { PublishedDemoAccounts } from './published-demo-accounts';
import { SessionMiddleware } from './session.middleware';
import { SessionStore } from './session-store';
import { SignInService } from './sign-in.service';

// Sessions are removed when presented after they ended; this sweeps the ones never presented again.
const purgeIntervalMs = 10 * 60_000;

@Injectable()
class IdentityLifecycle implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Identity');
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly accounts: AccountStore,
    private readonly sessions: SessionStore,
    private readonly signIn: SignInService,
  ) {}

  async onModuleInit(): Promise<void> {
    // Before the app takes requests: a sign-in must never find no table.
    await this.accounts.ensureSchema();
    await this.signIn.warmUp();
    this.timer = setInterval(() => {
      this.sessions
        .purgeExpired()
        .catch((error: unknown) => this.logger.warn(`purging ended sessions failed: ${error instanceof Error ? error.name : 'error'}`));
    }, purgeIntervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}

/**
 * Sign-in (local accounts and OpenID Connect), sessions and CSRF protection. Needs the TypeORM
 * `DataSource` from the app. Its middleware puts the signed-in principal on every request
 * (`attachPrincipal`); controllers of every context read it with `principalFromRequest`.
 */
@Module({})
export class IdentityModule implements NestModule {
  static register(settings: IdentitySettings): DynamicModule {
    const backgroundLogger = new Logger('Sessions');
    return {
      module: IdentityModule,
      controllers: [AuthController],
      providers: [
        { provide: IDENTITY_SETTINGS, useValue: settings },
        { provide: AccountStore, useFactory: (dataSource: DataSource) => new AccountStore(dataSource), inject: [DataSource] },
        {
          provide: SessionStore,
          useFactory: (dataSource: DataSource) =>
            new SessionStore(dataSource, settings, Date.now, (error) =>
              backgroundLogger.warn(`updating a session failed: ${error instanceof Error ? error.name : 'error'}`),
            ),
          inject: [DataSource],
        },
        { provide: SignInService, useFactory: (accounts: AccountStore) => new SignInService(accounts, settings), inject: [AccountStore] },
        {
          provide: OIDC_SIGN_IN,
          useFactory: (dataSource: DataSource) => (settings.oidc ? new OidcSignIn(settings.oidc, dataSource) : null),
          inject: [DataSource],
        },
        PublishedDemoAccounts,
        SessionMiddleware,
        IdentityLifecycle,
      ],
      exports: [AccountStore, SessionStore, IDENTITY_SETTINGS, PublishedDemoAccounts],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(SessionMiddleware).forRoutes('*');
  }
}
