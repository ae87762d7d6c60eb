/** 群众查询: the resident's public tracking page (mounted at /track). */
export { ResidentTrackingPage } from './ResidentTrackingPage';
