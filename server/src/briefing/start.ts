import type { Config } from '../platform/config.js';
import type { Logger } from '../platform/log.js';
import { MediaService } from '../../../media/src/MediaService.js';

/** The media service as the settings describe it: one worker per core, worker i on RTC_PORT + i. */
export async function startMedia(config: Config, log: Logger): Promise<MediaService> {
  const media = await MediaService.create({
    pool: {
      size: config.mediaWorkers,
      listen: { ip: config.RTC_LISTEN_IP, announcedAddress: config.RTC_ANNOUNCED_IP, port: config.RTC_PORT },
    },
    transport: {
      iceConsentTimeoutSeconds: config.MEDIA_ICE_CONSENT_SECONDS,
      // Start low and let congestion control climb: commune links are often poor.
      initialAvailableOutgoingBitrate: 600_000,
      maxIncomingBitrate: 2_500_000,
    },
    consumerBudget: config.MEDIA_CONSUMERS_PER_WORKER,
    silenceTimeoutMs: config.MEDIA_SILENCE_SECONDS * 1000,
  });
  media.pool.on('workerdied', (index, error) => log.error({ index, err: error }, 'mediasoup worker died; rebuilding its briefings on a live worker'));
  media.pool.on('workerrespawned', (index) => log.info({ index }, 'mediasoup worker replaced'));
  return media;
}
