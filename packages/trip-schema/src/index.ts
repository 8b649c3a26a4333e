// The main entry: no fast-check (the arbitraries are `@tripstream/trip-schema/arbitraries`) and no
// CLI internals (the `tlc-to-wire` bin is the CLI's interface). The reference job (documents,
// mappings, windows) is `@tripstream/reference-job`.

// Wire format
export type { TripEvent, WatermarkEvent, WireEvent } from './wire/types.js';
export { INFINITY_WATERMARK } from './wire/types.js';
export { SchemaError, type SchemaErrorDetails } from './wire/schema-error.js';
export { decode } from './wire/decode.js';
export { encode } from './wire/encode.js';
export { validateWireEvent } from './wire/validate-wire-event.js';
export { isWatermark } from './wire/is-watermark.js';
export { eventTimeOf } from './wire/event-time-of.js';
export { watermarkTimeOf } from './wire/watermark-time-of.js';
export { parseIsoInstant } from './wire/parse-iso-instant.js';
export {
  rawRecordForDeadLetter,
  type DeadLetterRawRecord,
} from './wire/raw-record-for-dead-letter.js';
export { END_OF_STREAM_WATERMARK } from './wire/end-of-stream-watermark.js';
export { decodeLines, type DecodeLinesOptions, type LineInput } from './wire/decode-lines.js';
export { decodeLineBatches } from './wire/decode-line-batches.js';
export { readWireFile } from './wire/read-wire-file.js';
export { wireEventJsonSchema } from './wire/wire-event-json-schema.js';

// Time: the one place where epoch ms and ±Infinity meet their text form
export { formatInstant } from './time/format-instant.js';
export { parseInstant } from './time/parse-instant.js';
export { InvalidInstantError } from './time/invalid-instant-error.js';

// Geo
export { geohash } from './geo/geohash.js';
export { NYC_BOX, JFK_BOX, LGA_BOX, type GeoBox } from './geo/box.js';
export { inBox } from './geo/in-box.js';
export { airportOf, type AirportCode } from './geo/airport-of.js';
export { tripDurationMinutes } from './geo/trip-duration-minutes.js';
export { validateTrip, INVALID_REASONS, type InvalidReason } from './geo/validate-trip.js';

// TLC conversion
export {
  convertTlc,
  type ConvertTlcOptions,
  type ConvertTlcResult,
  type TlcInput,
} from './tlc/convert-tlc.js';
export {
  detectTlcLayout,
  TLC_LAYOUTS,
  TlcLayoutError,
  type TlcColumns,
  type TlcField,
  type TlcLayout,
} from './tlc/tlc-layout.js';
export {
  UNCONVERTIBLE_REASONS,
  type TlcConversionReport,
  type TlcInputReport,
  type UnconvertibleReason,
  type UnconvertibleRow,
} from './tlc/tlc-conversion-report.js';
export {
  createWallClockConverter,
  type WallClockConverter,
  type WallClockFit,
} from './tlc/wall-clock-to-utc.js';
