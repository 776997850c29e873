export interface Machine { cpu: string; cores: number; loadAverage: { start: number[]; end: number[] } }
export function loadNow(): number[];
export function machine(loadAtStart?: number[]): Machine;
export function machineLine(): string;
