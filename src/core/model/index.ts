export * from './dtype';
export * from './types';
export * from './errors';
export * from './tree';
export * from './inferKind';
export * from './stats';
export * from './hash';
export * from './view';
