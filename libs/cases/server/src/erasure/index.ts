export * from './cases-personal-data';
export * from './erased-case';
export * from './erased-families';
export * from './cases-family-data-eraser';
