export { startCadres } from './service';
export { seedRegisterIfEmpty } from './register/seed';
