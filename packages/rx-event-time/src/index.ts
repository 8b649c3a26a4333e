export const packageName = '@tripstream/rx-event-time';
