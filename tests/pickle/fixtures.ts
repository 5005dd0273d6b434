import { readFileSync } from 'node:fs';
import type { Canon } from './match';

/** The committed fixtures of make_cases.py: `data/<name>.pkl` plus what Python said about each. */
const DATA = new URL('./data/', import.meta.url);

export interface CaseInfo {
  opcodes: string[];
  expect?: Canon;
  protocol?: number;
  globals?: string[];
  end?: number;
  ends?: number[];
  marker?: string;
}

export interface EvilCase { name: string; marker: string; live: boolean }

const raw = JSON.parse(readFileSync(new URL('expected.json', DATA), 'utf8')) as Record<string, unknown>;

export const KITCHEN = raw._kitchen as Canon;
export const EVIL = raw._evil as EvilCase[];
export const CASES: Record<string, CaseInfo> = Object.fromEntries(
  Object.entries(raw).filter(([k]) => !k.startsWith('_')) as [string, CaseInfo][]);

export function load(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`${name}.pkl`, DATA)));
}
