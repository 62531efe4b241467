import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { FindingsModule } from '../findings/findings.module';
import { LookBackController } from './look-back.controller';
import { LookBackService } from './look-back.service';

/** 回头看 on demand: one finding's now, or a seeded sample of a round's. */
@Module({
  imports: [AuditModule, FindingsModule],
  controllers: [LookBackController],
  providers: [LookBackService],
})
export class LookBackModule {}
