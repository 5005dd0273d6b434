// A worker thread does not inherit the main thread's TypeScript loader: register tsx here too.
import { register } from 'tsx/esm/api';

register();
await import('./inspectWorker.ts');
