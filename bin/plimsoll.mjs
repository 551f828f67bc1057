#!/usr/bin/env node
// `npx plimsoll …`: the command in cli/plimsoll.ts, run through tsx from the repository's root (where
// scenarios/, dist/ and results/ are).
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));
register();
await import('../cli/plimsoll.ts');
