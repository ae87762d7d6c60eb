import { DeliveryError } from '../channel';
import { maskPhone } from '../redact';

/**
 * The 11-digit mainland mobile number in `to` (spaces, dashes and a +86 / 0086 / 86 prefix are
 * tolerated). Anything else is a permanent failure: no provider will take it on a later attempt.
 */
export function mainlandMobile(to: string): string {
  const number = to.replace(/[\s-]/g, '').replace(/^(?:\+86|0086|86)(?=1\d{10}$)/, '');
  if (!/^1[3-9]\d{9}$/.test(number)) {
    throw new DeliveryError(`手机号格式不正确 (${maskPhone(number)})`, false);
  }
  return number;
}
