import { INFINITY_WATERMARK, type WatermarkEvent } from './types.js';

/**
 * The last event of a bounded stream: `{"type":"watermark","watermark":"+infinity"}`. Every window
 * fires when it arrives. Frozen: share it freely.
 */
export const END_OF_STREAM_WATERMARK: WatermarkEvent = Object.freeze({
  type: 'watermark',
  watermark: INFINITY_WATERMARK,
}) as WatermarkEvent;
