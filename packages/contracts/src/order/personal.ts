import { z } from 'zod';
import { ResidentContact, OrderLocation } from './intake';
import { OrderView } from './view';

/**
 * A resident's personal data — name, phone, address — leaves the order workflow only masked
 * (王*英, 139****5678, 冶山镇东王村****), with the full copy sealed (encrypted, with a key id)
 * for the few who may open it: the order's handler before a call, a dispatcher in scope.
 * Kafka events, read models and replies carry this shape; Temporal history is encrypted whole
 * by the payload codec.
 */

/** 13912345678 → 139****5678 */
export function maskPhone(phone: string): string {
  return phone.length < 8 ? '****' : `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

/** 王秀英 → 王*英, 王五 → 王*: enough to recognise a case, not to identify a person. */
export function maskPersonName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.join('');
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** 冶山镇东王村3组12号 → 冶山镇东王村****: the place, not the door. */
export function maskAddress(address: string): string {
  const chars = [...address.trim()];
  const kept = Math.min(8, Math.floor(chars.length / 2));
  return `${chars.slice(0, kept).join('')}****`;
}

/** What is sealed: the personal data of one order, in full. */
export const PersonalData = z.strictObject({
  name: z.string(),
  phone: z.string().optional(),
  address: z.string().optional(),
});
export type PersonalData = z.infer<typeof PersonalData>;

export const MaskedResidentContact = ResidentContact.extend({
  name: z.string().max(30),
  phone: z.string().max(20).optional(),
});

/** The order as it leaves the workflow: personal data masked, and sealed in `personal`. */
export const SealedOrderView = OrderView.extend({
  resident: MaskedResidentContact,
  location: OrderLocation.extend({ address: z.string().max(210).optional() }),
  /** The sealed `PersonalData` (see @lianxin/data-protection); absent in replies, which never carry it. */
  personal: z.string().optional(),
});
export type SealedOrderView = z.infer<typeof SealedOrderView>;

export function personalDataOf(view: OrderView): PersonalData {
  return {
    name: view.resident.name,
    ...(view.resident.phone ? { phone: view.resident.phone } : {}),
    ...(view.location.address ? { address: view.location.address } : {}),
  };
}

/** The order with its personal data masked; `seal` (given the full data) adds the sealed copy. */
export function maskOrderView(view: OrderView, seal?: (data: PersonalData) => string): SealedOrderView {
  const { address, ...location } = view.location;
  return {
    ...view,
    resident: {
      ...view.resident,
      name: maskPersonName(view.resident.name),
      ...(view.resident.phone ? { phone: maskPhone(view.resident.phone) } : {}),
    },
    location: { ...location, ...(address ? { address: maskAddress(address) } : {}) },
    ...(seal ? { personal: seal(personalDataOf(view)) } : {}),
  };
}

/** The same order without the sealed copy: what a reply or a list shows. */
export function withoutSealed(view: SealedOrderView): SealedOrderView {
  const { personal: _sealed, ...shown } = view;
  return shown;
}
