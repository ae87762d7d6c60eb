export { startNotifications } from './service';
