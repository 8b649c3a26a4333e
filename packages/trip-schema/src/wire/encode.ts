import type { WireEvent } from './types.js';

/**
 * Encodes one event as a JSON line without the trailing newline, fields in the canonical order of
 * the wire format (so equal events give equal bytes) and trips always carrying `"type":"trip"`.
 * Unknown properties are not written; the event is not validated (decode does that).
 */
export function encode(event: WireEvent): string {
  if (event.type === 'watermark') {
    return `{"type":"watermark","watermark":${JSON.stringify(event.watermark)}}`;
  }
  return JSON.stringify({
    type: 'trip',
    trip_id: event.trip_id,
    medallion: event.medallion,
    hack_license: event.hack_license,
    pickup_datetime: event.pickup_datetime,
    dropoff_datetime: event.dropoff_datetime,
    trip_time_in_secs: event.trip_time_in_secs,
    pickup_latitude: event.pickup_latitude,
    pickup_longitude: event.pickup_longitude,
    dropoff_latitude: event.dropoff_latitude,
    dropoff_longitude: event.dropoff_longitude,
    passenger_count: event.passenger_count,
    trip_distance: event.trip_distance,
    fare_amount: event.fare_amount,
    surcharge: event.surcharge,
    mta_tax: event.mta_tax,
    tip_amount: event.tip_amount,
    tolls_amount: event.tolls_amount,
    total_amount: event.total_amount,
    vendor_id: event.vendor_id,
    payment_type: event.payment_type,
  });
}
