/**
 * The report folder is checked before the first request: a run that cannot write its reports (a file in
 * the way, no permission, a kernel pseudo-filesystem such as /proc or /sys, where writes can fail oddly or
 * block) would otherwise fail or hang only after it has sent everything. Each problem is one line.
 */
import { accessSync, constants, existsSync, mkdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';

export class ReportDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportDirError';
  }
}

const PSEUDO_FILESYSTEMS = ['/proc', '/sys', '/dev'];

/** Makes sure `dir` is (or can become) a writable folder; returns its absolute path. */
export function prepareReportDir(dir: string, label = '--report-dir'): string {
  const absolute = resolve(dir);
  const real = realPathOfNearest(absolute);
  const pseudo = PSEUDO_FILESYSTEMS.find((root) => real === root || real.startsWith(`${root}${sep}`));
  if (pseudo !== undefined) throw new ReportDirError(`${label} ${dir}: ${pseudo} is a kernel pseudo-filesystem, not a place for reports; choose a normal folder`);
  if (existsSync(absolute) && !statSync(absolute).isDirectory()) throw new ReportDirError(`${label} ${dir}: exists and is not a folder`);
  try {
    mkdirSync(absolute, { recursive: true });
    accessSync(absolute, constants.W_OK);
    const probe = join(absolute, `.scim-conformance-write-test-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    const why = code === 'EACCES' || code === 'EPERM' ? 'no permission to write there' : code === 'ENOTDIR' ? 'a part of the path is a file' : code === 'EROFS' ? 'the filesystem is read-only' : `cannot write there (${code})`;
    throw new ReportDirError(`${label} ${dir}: ${why}`);
  }
  return absolute;
}

/** The real path of the deepest part of `path` that exists (symbolic links resolved). */
function realPathOfNearest(path: string): string {
  let current = path;
  while (!existsSync(current) && dirname(current) !== current) current = dirname(current);
  try {
    const real = realpathSync(current);
    return current === path ? real : join(real, path.slice(current.length));
  } catch {
    return path;
  }
}
