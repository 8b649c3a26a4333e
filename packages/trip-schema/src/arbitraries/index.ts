// `@tripstream/trip-schema/arbitraries`: fast-check arbitraries of the wire types, for tests.
// A subpath of its own so that the main entry never loads fast-check (an optional peer).
export { tripArbitrary, type TripConstraints } from './trip-arbitrary.js';
export { watermarkArbitrary, type WatermarkConstraints } from './watermark-arbitrary.js';
export { wireEventArbitrary, type WireEventConstraints } from './wire-event-arbitrary.js';
