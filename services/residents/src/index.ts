export { startResidents } from './service';
