import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { InboxViewsController } from '../inbox-views/inbox-views.controller';
import { InboxViewsService } from '../inbox-views/inbox-views.service';
import { InboxController } from './inbox.controller';
import { InboxService } from './inbox.service';

@Module({
  imports: [AuditModule],
  controllers: [InboxController, InboxViewsController],
  providers: [InboxService, InboxViewsService],
})
export class InboxModule {}
