// Checks, before the program runs, that the profile can be written where asked.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from '../config';

export function checkWritable(file: string, flag: string): string {
  const resolved = path.resolve(file);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(resolved);
  } catch {
    stat = undefined;
  }
  if (stat?.isDirectory())
    throw new UsageError(`${flag} ${file}: is a directory; give a file name`);
  const dir = path.dirname(resolved);
  try {
    fs.accessSync(stat ? resolved : dir, fs.constants.W_OK);
  } catch {
    throw new UsageError(
      `${flag} ${file}: cannot write ${stat ? 'this file' : `into ${dir}`}; choose a writable path`,
    );
  }
  return resolved;
}
