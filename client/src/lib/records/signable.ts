import type { AgentTicket, AgentTicketStatus, MinutesSignOptions } from '../../../../contract/records.js';
import type { MessageKey } from '../i18n/index.js';
import type { ApiError, ApiResult } from '../api.js';

/**
 * A council paper the signing dialog signs: the minutes (secretary or chair) or a resolution
 * (the chair). The same steps (the signer's certificate and what it asks, the OTP, the seal
 * after) with the paper's own words; the USB-token hand-off where the paper offers it (both do).
 */
export interface SignablePaper {
  readonly kind: 'minutes' | 'resolution';
  sign(secrets?: { pin?: string; otp?: string }): Promise<ApiError | null>;
  signOptions(): Promise<ApiResult<MinutesSignOptions>>;
  sendOtp(): Promise<ApiResult<{ sent: true }>>;
  load(): Promise<unknown>;
  agentTicket?: () => Promise<ApiResult<AgentTicket>>;
  agentTicketStatus?: (ticketId: string) => Promise<ApiResult<AgentTicketStatus>>;
}

/** The USB-token hand-off's words that name the paper (the dialog's and AgentHandoff's). */
export interface UsbWords { body: MessageKey; bodyReady: MessageKey; start: MessageKey; preparing: MessageKey; intro: MessageKey; address: MessageKey; download: MessageKey }

/** The dialog's words that name the paper. */
export const SIGN_WORDS: Record<SignablePaper['kind'], { title: MessageKey; body: MessageKey; person: MessageKey; button: MessageKey; phoneApp: MessageKey; usb: UsbWords }> = {
  minutes: {
    title: 'records.sign.confirmTitle', body: 'records.sign.confirmBody', person: 'records.sign.person.body', button: 'records.sign.confirmButton', phoneApp: 'records.sign.phone.app',
    usb: {
      body: 'records.sign.usb.body', bodyReady: 'records.sign.usb.bodyReady', start: 'records.sign.usb.start', preparing: 'records.sign.usb.preparing',
      intro: 'records.sign.usb.intro', address: 'records.sign.usb.address', download: 'records.sign.usb.download',
    },
  },
  resolution: {
    title: 'resolution.sign.confirmTitle', body: 'resolution.sign.confirmBody', person: 'resolution.sign.person.body', button: 'resolution.sign.confirmButton', phoneApp: 'resolution.sign.phone.app',
    usb: {
      body: 'resolution.sign.usb.body', bodyReady: 'resolution.sign.usb.bodyReady', start: 'resolution.sign.usb.start', preparing: 'resolution.sign.usb.preparing',
      intro: 'resolution.sign.usb.intro', address: 'resolution.sign.usb.address', download: 'resolution.sign.usb.download',
    },
  },
};
