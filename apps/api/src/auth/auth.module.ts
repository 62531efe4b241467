import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import type { AppConfig } from '@rectiflow/config';
import { APP_CONFIG } from '../config/config.module';
import { AuditModule } from '../audit/audit.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { CallersService } from './callers.service';
import { DirectoryService } from './directory/directory.service';
import { OidcService } from './oidc/oidc.service';
import { SignInProvidersController } from './oidc/sign-in-providers.controller';

@Module({
  imports: [
    AuditModule,
    // Login attempts per client address and minute (LOGIN_RATE_LIMIT); public comments per
    // client address and per 10 minutes (PUBLIC_COMMENT_RATE_LIMIT), from everyone together
    // (PUBLIC_COMMENT_GLOBAL_RATE_LIMIT), and receipt look-ups per address and minute. Only the
    // login and public-comment routes use this guard, each skipping the others' throttlers.
    // The counters are in memory: per API process (with two replicas each counts its own).
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => [
        { name: 'login', ttl: 60_000, limit: config.env.LOGIN_RATE_LIMIT },
        { name: 'comment', ttl: 600_000, limit: config.env.PUBLIC_COMMENT_RATE_LIMIT },
        {
          name: 'comment_all',
          ttl: 600_000,
          limit: config.env.PUBLIC_COMMENT_GLOBAL_RATE_LIMIT,
          getTracker: () => 'everyone',
        },
        { name: 'receipt', ttl: 60_000, limit: config.env.PUBLIC_RECEIPT_RATE_LIMIT },
      ],
    }),
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      // One algorithm, pinned both ways: a token naming another (or "none") is refused.
      useFactory: (config: AppConfig) => {
        // A KeyObject made once: handed the plain string, jsonwebtoken first tries (and fails)
        // to parse it as a PEM public key on every request, about a millisecond each.
        const key = createSecretKey(Buffer.from(config.jwtSecret));
        return {
          secretOrKeyProvider: () => key,
          signOptions: { algorithm: 'HS256', expiresIn: config.env.JWT_EXPIRES_IN as `${number}h` },
          verifyOptions: { algorithms: ['HS256'] },
        };
      },
    }),
  ],
  controllers: [AuthController, SignInProvidersController],
  providers: [
    AuthService,
    CallersService,
    DirectoryService,
    OidcService,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [CallersService],
})
export class AuthModule {}
