// `wrangler dev` without its inspector, for the benchmarks: the CLI always attaches wrangler's
// inspector proxy to the runtime and asks it for network events, so every subrequest (each call
// into a Durable Object) is also a message through the proxy into Node and a line appended to
// wrangler's debug log file. That work is the tooling's, not the Worker's. This runs the same
// configuration through wrangler's programmatic API (`unstable_startWorker`) with the inspector
// off. Usage: node quiet-dev.mjs <config> <port> <persist dir> <env file> <log level>. Workers
// bound to each other's objects find one another through the registry directory named by
// WRANGLER_REGISTRY_PATH (as with the CLI); without it, this one is on its own.
import { unstable_startWorker } from 'wrangler';

const [config, port, persist, envFile, logLevel] = process.argv.slice(2);
const worker = await unstable_startWorker({
  config,
  envFiles: [envFile],
  dev: {
    // Local only, as `wrangler dev --local`: the Workers AI binding cannot run here.
    remote: false,
    server: { hostname: '127.0.0.1', port: Number(port) },
    inspector: false,
    persist,
    logLevel,
    watch: false,
    liveReload: false,
    registry: process.env.WRANGLER_REGISTRY_PATH,
  },
});
await worker.ready;
const stop = async () => {
  await worker.dispose();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
