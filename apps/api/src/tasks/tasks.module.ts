import { Module } from '@nestjs/common';
import { FindingsModule } from '../findings/findings.module';
import { RoundsModule } from '../rounds/rounds.module';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({
  imports: [FindingsModule, RoundsModule],
  controllers: [TasksController],
  providers: [TasksService],
})
export class TasksModule {}
