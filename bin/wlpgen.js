#!/usr/bin/env node
// The installed `wlpgen` command: registers tsx so the TypeScript sources run as they are (Node 20
// has no type stripping), then hands over to the CLI.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
