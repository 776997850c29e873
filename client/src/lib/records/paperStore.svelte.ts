import type { AgentTicket, AgentTicketStatus, MinutesSignOptions } from '../../../../contract/records.js';
import { api, type ApiError } from '../api.js';
import { ViewStore } from '../viewStore.svelte.js';

/**
 * A council paper as its page works on it (the minutes, a resolution): the signing steps every
 * paper shares — sign the revision shown, how the user signs, the OTP, the USB-token hand-off —
 * at the paper's API address (`url`).
 */
export abstract class PaperStore<V extends { revision: number }> extends ViewStore<V> {
  protected get revisionShown(): number {
    return this.view?.revision ?? 0;
  }

  /** Signs the revision shown; a PIN or OTP the service refused is the dialog's to show, not the page's. */
  async sign(secrets: { pin?: string; otp?: string } = {}): Promise<ApiError | null> {
    this.busy = true;
    const res = await api<V>('POST', `${this.url}/sign`, { revision: this.revisionShown, ...secrets });
    this.busy = false;
    if (!res.ok) {
      if (!res.issues?.some((i) => i.path === 'pin' || i.path === 'otp')) this.error = res;
      return res;
    }
    this.view = res.data;
    this.error = null;
    return null;
  }

  /** How the current user signs: their own certificate (what it asks) before the seal, or the seal alone. */
  signOptions = () => api<MinutesSignOptions>('GET', `${this.url}/sign-options`);
  /** Asks the signing service to send the user's OTP. */
  sendOtp = () => api<{ sent: true }>('POST', `${this.url}/sign-otp`);
  /** A one-time hand-off of the revision shown to the desktop signing agent (USB token). */
  agentTicket = () => api<AgentTicket>('POST', `${this.url}/agent-ticket`, { revision: this.revisionShown });
  /** Whether the agent's signed file arrived (the dialog polls it). */
  agentTicketStatus = (ticketId: string) => api<AgentTicketStatus>('GET', `${this.url}/agent-ticket/${ticketId}`);
}
