/** Names of the processor's two indices under one `--index-prefix`. */
export interface IndexNames {
  pickupCount: string;
  tripDuration: string;
}

/** The index names the processor writes to with `--index-prefix <indexPrefix>`. */
export function indexNames(indexPrefix = ''): IndexNames {
  return { pickupCount: `${indexPrefix}pickup_count`, tripDuration: `${indexPrefix}trip_duration` };
}
