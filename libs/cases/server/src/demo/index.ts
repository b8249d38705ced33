export * from './cases-demo.module';
export * from './demo-plan';
export * from './demo-region-loader';
export * from './demo-lock';
