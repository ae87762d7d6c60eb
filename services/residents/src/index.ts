export { startResidents } from './service';
export { backfillTimelines, type TimelineBackfill } from './cli/backfill-timelines';
