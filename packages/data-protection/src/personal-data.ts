import { PersonalData } from '@lianxin/contracts';
import { dataKeysVariable, keyRingFromEnv } from './key-ring';
import { openText, sealText } from './sealed';

/**
 * Seals one order's personal data (name, phone, address) with the current data key; the order
 * id is bound as associated data, so a sealed copy moved to another order does not open.
 */
export function personalDataSealer(env: NodeJS.ProcessEnv = process.env): (data: PersonalData, orderId: string) => string {
  const ring = keyRingFromEnv(env, dataKeysVariable);
  return (data, orderId) => sealText(ring, JSON.stringify(data), orderId);
}

/** Opens what `personalDataSealer` sealed, for an audited reveal (查看完整号码). */
export function personalDataOpener(env: NodeJS.ProcessEnv = process.env): (sealed: string, orderId: string) => PersonalData {
  const ring = keyRingFromEnv(env, dataKeysVariable);
  return (sealed, orderId) => PersonalData.parse(JSON.parse(openText(ring, sealed, orderId)));
}

/** Seals any short secret kept by a service (e.g. a tracking code) under the data keys. */
export function textSealer(env: NodeJS.ProcessEnv = process.env) {
  const ring = keyRingFromEnv(env, dataKeysVariable);
  return {
    seal: (text: string, context: string) => sealText(ring, text, context),
    open: (sealed: string, context: string) => openText(ring, sealed, context),
  };
}
