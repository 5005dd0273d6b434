// Worker threads start outside vitest's transform: register tsx so the worker can load TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
