import { extname, join, resolve } from 'node:path';
import type { WorkerOptions } from 'node:worker_threads';

/**
 * A worker thread's entry file in this directory, and the options that load it: the compiled
 * `.js` in a build; from sources, the `.ts`, compiled as the main thread compiles (the thread
 * inherits the process's node options otherwise, profiling flags included).
 */
export function threadEntry(name: string): { readonly file: string; readonly options: WorkerOptions } {
  const file = join(__dirname, `${name}${extname(__filename)}`);
  if (extname(file) !== '.ts' || process.execArgv.some((a) => a.includes('@swc-node/register')))
    return { file, options: {} };
  return {
    file,
    options: {
      execArgv: [...process.execArgv, '-r', '@swc-node/register'],
      env: {
        ...{},
        ...process.env,
        SWC_NODE_PROJECT:
          process.env['SWC_NODE_PROJECT'] ?? resolve(__dirname, '../../../../tsconfig.base.json'),
      },
    },
  };
}
