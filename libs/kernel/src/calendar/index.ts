export * from './calendar-date';
export * from './dutch-holidays';
export * from './working-days';
