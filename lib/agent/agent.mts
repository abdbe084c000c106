// ES-module entry of the agent, for `node --import causalprof/agent`.
import { createRequire } from 'node:module';

createRequire(import.meta.url)('./agent.js');
