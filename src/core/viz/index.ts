export * from './permute';
export * from './otherLayout';
export * from './downsample';
export * from './slice';
export * from './histogram';
export * from './npy';
