export const PYHANKO_DIR: string;
export function ensurePyhanko(): Promise<string>;
