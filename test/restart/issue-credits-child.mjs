// Child process of kill-during-credits.test.ts: restarts an instance on a SQLite file at a fixed
// time and issues the month that just closed (the hourly credits job), printing each credit the
// ledger took as soon as its transaction has committed. Runs the built code in dist/.
//
// usage: node issue-credits-child.mjs <sqlite:path> <nowMs>

import process from 'node:process';
import { issueClosedMonthCredits } from '../../dist/app/issue-credits.js';
import { startInstance } from '../../dist/app/start-instance.js';
import { createContext, openForewarnStore } from '../../dist/main.js';

const [url, nowArg] = process.argv.slice(2);
const nowMs = Number(nowArg);
if (url === undefined || !Number.isSafeInteger(nowMs)) {
  process.stderr.write('usage: node issue-credits-child.mjs <sqlite:path> <nowMs>\n');
  process.exit(2);
}

const line = (text) => process.stdout.write(`${text}\n`);
const logger = {
  info() {},
  warn() {},
  error: (obj, msg) => process.stderr.write(`${msg} ${JSON.stringify(obj)}\n`),
};

const store = await openForewarnStore(url);
// Observes the real store: a key is printed only after the commit that wrote it resolved.
const commitProtocol = store.commitProtocol.bind(store);
store.commitProtocol = async (commit) => {
  const outcome = await commitProtocol(commit);
  if (outcome.ok) for (const key of outcome.creditsWritten) line(`written ${key}`);
  return outcome;
};

const ctx = createContext(store, logger, { nowMs: () => nowMs }, { evaluateOnIngest: false });
await startInstance(ctx);
line('ready');
const written = await issueClosedMonthCredits(ctx);
line(`done ${written}`);
await store.close();
