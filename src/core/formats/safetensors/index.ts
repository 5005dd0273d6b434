export { safetensorsReader, openSafetensors, looksLikeSafetensors } from './safetensorsReader';
export { readSafetensorsHeader, MAX_HEADER_BYTES, type SafetensorsHeader, type SafetensorsEntry } from './header';
