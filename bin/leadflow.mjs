#!/usr/bin/env node
// The `leadflow` command. TypeScript runs as is through tsx: there is no build step to forget.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
