#!/usr/bin/env node
// The forewarn command. Errors are mapped to messages and exit codes here, in one place.
// Each command's module is loaded when it runs, so `serve` (and a restart) loads only its own.

import { CliError } from './cli-error.js';

async function helpText(): Promise<string> {
  const [
    { SERVE_HELP },
    { DEMO_HELP },
    { CHECK_HELP },
    { APPLY_HELP },
    { EXPORT_HELP },
    { BACKTEST_HELP },
    { PROTOCOL_HELP },
  ] = await Promise.all([
    import('./serve-command.js'),
    import('./demo-command.js'),
    import('./check-command.js'),
    import('./apply-command.js'),
    import('./export-command.js'),
    import('./backtest-command.js'),
    import('./protocol-command.js'),
  ]);
  return `forewarn — SLA early warning and breach protocol

Commands:
  serve     run the server (embedded SQLite by default)
  demo      run the server with a simulated service that breaches its SLA
  check     validate definition files offline
  apply     send definitions to a running server
  export    write definitions as OpenSLO, or as Prometheus recording and burn-rate alert rules
  backtest  replay recorded samples through the evaluator to compare early-warning policies

The breach protocol, over a running server's API:
  incidents, incident   list incidents; show one, send a notice, ack, levers, resolve,
                        postmortem, commitments, review, make right
  watches, watch        list watches; show one, decide the heads-up
  client-report         record that a client reported a problem
  figures               time to first client notice, "the client told us first"
  credits               a month's credit statement for an SLA; issue it to the ledger

${SERVE_HELP}

${DEMO_HELP}

${CHECK_HELP}

${APPLY_HELP}

${EXPORT_HELP}

${BACKTEST_HELP}

${PROTOCOL_HELP}`;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  const env = process.env;
  switch (command) {
    case 'serve': {
      const { parseServeArgs, serve } = await import('./serve-command.js');
      const running = await serve(parseServeArgs(args), env);
      process.stdout.write(`Forewarn listening on ${running.url}\n${running.adminTokenNote}\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await running.close();
      return 0;
    }
    case 'demo':
      await (await import('./demo-command.js')).demo(args, env);
      return 0;
    case 'check':
      process.stdout.write(`${(await import('./check-command.js')).check(args, env)}\n`);
      return 0;
    case 'apply':
      process.stdout.write(`${await (await import('./apply-command.js')).apply(args, env)}\n`);
      return 0;
    case 'backtest':
      await (await import('./backtest-command.js')).backtest(args, env);
      return 0;
    case 'export':
      process.stdout.write((await import('./export-command.js')).exportDefinitions(args, env));
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${await helpText()}\n`);
      return command === undefined ? 2 : 0;
    default: {
      const { PROTOCOL_COMMANDS } = await import('./protocol-command.js');
      const protocol = PROTOCOL_COMMANDS.get(command);
      if (protocol === undefined) {
        throw new CliError(`unknown command "${command}"; try: forewarn help`, 2);
      }
      process.stdout.write(`${await protocol(args, env)}\n`);
      return 0;
    }
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof CliError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(err.exitCode);
    }
    const e = err as { code?: string; message?: string };
    if (
      e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ||
      e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE'
    ) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    if (e.code === 'EADDRINUSE') {
      process.stderr.write(`${e.message}: choose another --port\n`);
      process.exit(1);
    }
    process.stderr.write(`forewarn failed: ${e.message ?? String(err)}\n`);
    process.exit(1);
  },
);
