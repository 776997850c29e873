import { describe, it, expect } from 'vitest';
import { loadConfig, ConfigError } from './config.js';

describe('loadConfig()', () => {
  it('gives sensible defaults with no settings at all', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(8080);
    expect(c.MONGODB_URI).toBe('mongodb://127.0.0.1:27027/hdnd');
    expect(c.SESSION_IDLE_MINUTES).toBe(60);
    expect(c.mediaWorkers).toBeGreaterThanOrEqual(1);
  });

  it('names the bad variable and says what is wrong', () => {
    expect(() => loadConfig({ PORT: 'tám nghìn' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'tám nghìn' })).toThrow(/PORT/);
    expect(() => loadConfig({ MONGODB_URI: 'postgres://x' })).toThrow(/MONGODB_URI: must start with mongodb:\/\//);
    expect(() => loadConfig({ RTC_PORT: '80' })).toThrow(/RTC_PORT/);
    expect(() => loadConfig({ MEDIA_ICE_CONSENT_SECONDS: '5' })).toThrow(/MEDIA_ICE_CONSENT_SECONDS/);
    expect(() => loadConfig({ COOKIE_SECURE: 'yes' })).toThrow(/COOKIE_SECURE/);
  });

  it('refuses the retired RTC port range settings with a message naming RTC_PORT', () => {
    expect(() => loadConfig({ RTC_MIN_PORT: '40000', RTC_MAX_PORT: '49999' })).toThrow(/RTC_MIN_PORT, RTC_MAX_PORT: no longer used.*set RTC_PORT/);
  });

  it('refuses two remote signing services for officials, and VNPT SmartCA without its integrator account, naming the variable', () => {
    const smartca = { SIGNING_PERSON_SMARTCA_URL: 'https://gwsca.vnpt.vn/sca/sp769', SIGNING_PERSON_SMARTCA_SP_ID: 'hdnd.apps.smartcaapi.com', SIGNING_PERSON_SMARTCA_SP_PASSWORD: 'mat-khau' };
    expect(() => loadConfig({ ...smartca, SIGNING_PERSON_CSC_URL: 'https://ky.example.vn', SIGNING_PERSON_CSC_TOKEN: 'token' }))
      .toThrow(/SIGNING_PERSON_SMARTCA_URL: SIGNING_PERSON_CSC_URL is set too: officials sign at one remote service/);
    expect(() => loadConfig({ ...smartca, SIGNING_PERSON_SMARTCA_SP_PASSWORD: '' })).toThrow(/SIGNING_PERSON_SMARTCA_SP_PASSWORD: is required when SIGNING_PERSON_SMARTCA_URL is set/);
    expect(() => loadConfig({ SIGNING_PERSON_CSC_URL: 'https://ky.example.vn' })).toThrow(/SIGNING_PERSON_CSC_TOKEN: is required when SIGNING_PERSON_CSC_URL is set/);
    expect(loadConfig(smartca).SIGNING_PERSON_SMARTCA_USER).toBe('{login}');
  });

  it('ignores unrelated environment variables and empty values', () => {
    const c = loadConfig({ PATH: '/usr/bin', HOME: '/root', PORT: '' });
    expect(c.PORT).toBe(8080);
  });

  it('reads one worker per core when MEDIA_WORKERS is 0, and the given count otherwise', () => {
    expect(loadConfig({ MEDIA_WORKERS: '3' }).mediaWorkers).toBe(3);
  });
});
