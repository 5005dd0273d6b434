export { torchZipReader } from './torchZip';
export { torchLegacyReader } from './torchLegacy';
