// Links `headroom` into node_modules/.bin so `npx headroom` works from a fresh clone.
// npm 11 mishandles a root package's own `bin` under npx (it tries to install the
// project into its npx cache and fails reading package.json), so the link is made here.
import { mkdirSync, rmSync, symlinkSync, chmodSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'bin', 'headroom.js');
const link = join(root, 'node_modules', '.bin', 'headroom');
mkdirSync(dirname(link), { recursive: true });
rmSync(link, { force: true });
symlinkSync(relative(dirname(link), target), link);
chmodSync(target, 0o755);
