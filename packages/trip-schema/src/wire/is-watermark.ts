import type { WatermarkEvent, WireEvent } from './types.js';

/** True for watermark events; narrows the union. A record without `type` is a trip. */
export function isWatermark(event: WireEvent): event is WatermarkEvent {
  return event.type === 'watermark';
}
