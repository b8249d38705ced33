export * from './case-deadlines.projection';
export * from './deadline-scheduler';
export * from './cases-deadlines.module';
