/** What GetInfo and the session refresh block report as the server's version. */
export const SERVER_VERSION = '8.8.15_GA_groupware 20261123';
