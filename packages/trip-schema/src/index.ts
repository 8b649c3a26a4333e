export const packageName = '@tripstream/trip-schema';
