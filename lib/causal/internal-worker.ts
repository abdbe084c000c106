// causalprof's own worker threads (the experiment driver) carry this key in workerData;
// the agent does not register them, so they are never sampled or delayed.
export const INTERNAL_WORKER_KEY = '__causalprofInternalWorker';
