/**
 * Set by the jest global setup: the server every integration suite creates its databases on. Its
 * own file because the global setup loads it without jest's module mapper.
 */
export const TEST_SERVER_ENV = 'GATEHOUSE_TEST_DATABASE_SERVER';
