#!/usr/bin/env node
// The operator's CLI (`gatehouse` once built, or `npm run cli --`): configuration tokens through
// the provider's admin API. Kept free of the app's modules and of every dependency, so that it
// starts at once and runs on any recent Node; see cli/cli-usage.ts for the commands.
import { runCli } from './cli/run-cli';

void runCli(process.argv.slice(2), process.env, process).then((status) => {
  process.exitCode = status;
});
