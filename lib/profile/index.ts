export { ProfileError, ProfileFormatError, ProfileReadError } from './errors';
export { type ExperimentGroup, groupExperiments } from './experiments';
export { parseProfile, readProfile } from './reader';
export type * from './records';
export { isPointRecord } from './records';
export { formatExperiment, formatRecord, formatRecords } from './writer';
