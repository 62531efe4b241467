import { Global, Module } from '@nestjs/common';
import { ExportPool } from './export-pool';
import { ExportSlotInterceptor, ExportSlots } from './export-slots';

/** The export worker pool and the export slots, for every module with a file to build. */
@Global()
@Module({
  providers: [ExportPool, ExportSlots, ExportSlotInterceptor],
  exports: [ExportPool, ExportSlots, ExportSlotInterceptor],
})
export class ExportsModule {}
