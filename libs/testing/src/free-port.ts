// One implementation, shared with the embedded PostgreSQL that also needs a free port.
export { freePort } from '@gatehouse/persistence';
