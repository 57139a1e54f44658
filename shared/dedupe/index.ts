export * from './normalize';
export * from './pairs';
export * from './schemas';
