import { Module } from '@nestjs/common';
import { RetentionJob } from './retention.job';

/**
 * Erasure in the running app: the retention job. `FamilyErasureService` itself comes from the
 * infrastructure module (the operator CLI builds the same), so an endpoint for the privacy
 * officer can inject it as well.
 */
@Module({ providers: [RetentionJob], exports: [RetentionJob] })
export class ErasureModule {}
