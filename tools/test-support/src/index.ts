export { captureIo } from './capture-io.js';
export { readBody } from './read-body.js';
export { seededRandom } from './seeded-random.js';
export {
  startHttpProxy,
  type Answer,
  type Exchange,
  type HttpProxy,
  type HttpProxyOptions,
} from './http-proxy.js';
export {
  startKinesisFaultProxy,
  type EntryFault,
  type KinesisCall,
  type KinesisFault,
  type KinesisFaultProxy,
  type KinesisFaultStats,
  type KinesisPlan,
  type PutRecordsEntry,
} from './kinesis-fault-proxy.js';
export {
  busyStreamFaults,
  putRecordsFaults,
  type BusyStreamFaults,
  type PutRecordsFaults,
} from './kinesis-fault-plans.js';
export {
  startOpenSearchFaultProxy,
  type OpenSearchFault,
  type OpenSearchFaultProxy,
  type OpenSearchPlan,
  type SeenAction,
  type SeenRequest,
} from './opensearch-fault-proxy.js';
export {
  busyClusterFaults,
  type BusyClusterFaults,
  type BusyClusterStats,
} from './opensearch-fault-plans.js';
export { VirtualClock, type VirtualClockOptions } from './virtual-clock.js';
export { SteppedScheduler } from './stepped-scheduler.js';
export {
  createStream,
  kinesaliteClient,
  listShards,
  readShards,
  waitForActive,
} from './kinesalite.js';
export { s3rverClient } from './s3rver.js';
