export { startCadres } from './service';
