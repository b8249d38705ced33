export * from './case-deadlines.projection';
export * from './deadline-scheduler';
export * from './demo-region-lock';
export * from './cases-deadlines.module';
