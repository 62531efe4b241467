import { Module } from '@nestjs/common';
import { DemoController } from './demo.controller';

/** What the embedded demo shows before sign-in. */
@Module({ controllers: [DemoController] })
export class DemoModule {}
