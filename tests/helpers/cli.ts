import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from './fixtures';

const run = promisify(execFile);
const BIN = join(PROJECT_ROOT, 'bin', 'weightbridge.mjs');

export interface CliResult { code: number; stdout: string; stderr: string }

/** Runs `weightbridge …` as a user would, returning its exit code and output instead of throwing. */
export async function cli(...args: string[]): Promise<CliResult> {
  return cliIn(PROJECT_ROOT, ...args);
}

/** The same from another working directory (where commands that pick their own output name write). */
export async function cliIn(cwd: string, ...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}
