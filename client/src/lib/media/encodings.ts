import type { types } from 'mediasoup-client';

/**
 * What each side sends. The main hall sends three simulcast layers (each receiver gets the
 * one that fits its window and its link); a commune room sends one low layer (a thumbnail in
 * the chair's grid, enlarged only while it holds the floor), a delegate on their own device a
 * lower one still; a screen is one sharp layer.
 */
export const HALL_CAMERA: types.RtpEncodingParameters[] = [
  { rid: 'r0', scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { rid: 'r1', scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { rid: 'r2', scaleResolutionDownBy: 1, maxBitrate: 1_200_000 },
];
export const ROOM_CAMERA: types.RtpEncodingParameters[] = [{ scaleResolutionDownBy: 2, maxBitrate: 250_000 }];
/**
 * A delegate on their own device (home Wi-Fi, 4G): one small layer, a thumbnail in the chair's
 * grid; the uplink is kept for the microphone when they are given the floor.
 */
export const REMOTE_CAMERA: types.RtpEncodingParameters[] = [{ scaleResolutionDownBy: 3, maxBitrate: 200_000, maxFramerate: 20 }];
export const SCREEN: types.RtpEncodingParameters[] = [{ maxBitrate: 1_500_000 }];

/**
 * The simulcast layer that fits a video shown `width` CSS pixels wide (×devicePixelRatio):
 * the smallest layer at least that wide (from 1280×720: 320, 640 and 1280 pixels).
 */
export function layerForWidth(width: number, pixelRatio = 1): 0 | 1 | 2 {
  const px = width * pixelRatio;
  if (px <= 320) return 0;
  if (px <= 640) return 1;
  return 2;
}

/** Connection quality from mediasoup's scores (0–10) and, when known, the packet loss. */
export type Quality = 'good' | 'fair' | 'poor' | 'unknown';
export function qualityOf(score: number | null, lossRatio = 0): Quality {
  if (score === null) return 'unknown';
  if (score >= 8 && lossRatio < 0.02) return 'good';
  if (score >= 5 && lossRatio < 0.08) return 'fair';
  return 'poor';
}
