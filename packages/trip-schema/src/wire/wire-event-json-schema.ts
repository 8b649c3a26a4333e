/**
 * JSON Schema (draft-07) of one wire line. Also published as
 * `@tripstream/trip-schema/wire-event.schema.json`; a test keeps the two identical.
 */
export const wireEventJsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://github.com/tripstream/tripstream/packages/trip-schema/wire-event.schema.json',
  title: 'WireEvent',
  description:
    'One line of a tripstream wire file or one Kinesis record: a taxi trip (type "trip" or no type) or a watermark.',
  oneOf: [{ $ref: '#/definitions/TripEvent' }, { $ref: '#/definitions/WatermarkEvent' }],
  definitions: {
    Instant: {
      description: 'ISO-8601 instant in UTC, seconds or milliseconds precision.',
      type: 'string',
      format: 'date-time',
      pattern:
        '^[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,3})?Z$',
    },
    Latitude: { type: 'number', minimum: -90, maximum: 90 },
    Longitude: { type: 'number', minimum: -180, maximum: 180 },
    TripEvent: {
      type: 'object',
      description: 'A taxi trip; its event time is the dropoff instant.',
      required: [
        'trip_id',
        'pickup_datetime',
        'dropoff_datetime',
        'pickup_latitude',
        'pickup_longitude',
        'dropoff_latitude',
        'dropoff_longitude',
      ],
      additionalProperties: false,
      properties: {
        type: { const: 'trip' },
        trip_id: { type: 'integer', minimum: 0, maximum: 9007199254740991 },
        medallion: { type: 'string', description: 'The taxi (TLC medallion or Flink taxi id).' },
        hack_license: {
          type: 'string',
          description: 'The driver (TLC hack licence or Flink driver id).',
        },
        pickup_datetime: { $ref: '#/definitions/Instant' },
        dropoff_datetime: { $ref: '#/definitions/Instant' },
        trip_time_in_secs: {
          type: 'integer',
          minimum: 0,
          maximum: 9007199254740991,
          description: 'Seconds from pickup to dropoff, as the taximeter reported them.',
        },
        pickup_latitude: { $ref: '#/definitions/Latitude' },
        pickup_longitude: { $ref: '#/definitions/Longitude' },
        dropoff_latitude: { $ref: '#/definitions/Latitude' },
        dropoff_longitude: { $ref: '#/definitions/Longitude' },
        passenger_count: { type: 'integer', minimum: 0, maximum: 9007199254740991 },
        trip_distance: { type: 'number', description: 'Miles.' },
        fare_amount: { type: 'number', description: 'US dollars.' },
        surcharge: { type: 'number', description: 'US dollars.' },
        mta_tax: { type: 'number', description: 'US dollars.' },
        tip_amount: { type: 'number', description: 'US dollars.' },
        tolls_amount: { type: 'number', description: 'US dollars.' },
        total_amount: { type: 'number', description: 'US dollars.' },
        vendor_id: { type: 'string' },
        payment_type: { type: 'string' },
      },
    },
    WatermarkEvent: {
      type: 'object',
      description:
        'No later trip on this stream or shard has an event time at or before `watermark`; "+infinity" ends the stream.',
      required: ['type', 'watermark'],
      additionalProperties: false,
      properties: {
        type: { const: 'watermark' },
        watermark: {
          oneOf: [{ $ref: '#/definitions/Instant' }, { const: '+infinity' }],
        },
      },
    },
  },
} as const;
