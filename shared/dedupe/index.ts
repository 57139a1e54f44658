export * from './normalize';
export * from './pairs';
