export { startResidents } from './service';
export { backfillTimelines, type TimelineBackfill } from './cli/backfill-timelines';
export { backfillPhoneIndex, type PhoneIndexBackfill } from './cli/backfill-phone-index';
