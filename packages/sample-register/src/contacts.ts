import type { ContactPoint } from '@lianxin/contracts';
import { sampleMembers, sampleSocialOrgs } from './register';

/**
 * 通讯录 of the sample register: a made-up work phone (139 0000 xxxx, numbered in register
 * order) and an address at `lianxin.example` for every member and social organisation. They
 * reach only the embedded SMS gateway and mailbox.
 */
export const sampleContactPoints: ContactPoint[] = [...sampleMembers.map((m) => m._id), ...sampleSocialOrgs.map((s) => s._id)].map((id, index) => ({
  _id: id,
  phone: `1390000${String(index + 1).padStart(4, '0')}`,
  email: `${id}@lianxin.example`,
}));
