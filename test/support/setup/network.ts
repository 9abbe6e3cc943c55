/** The one network rule of the test suite: nothing but loopback, whoever asks. */
import nock from 'nock';

// nock names an IPv6 host without brackets ("::1:4010").
export const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\]|::1)(:\d+)?$/;

/** nock refuses every unmocked request except to loopback (the sandbox, local receivers). */
export function allowOnlyLoopback(): void {
  if (!nock.isActive()) nock.activate();
  nock.disableNetConnect();
  nock.enableNetConnect(LOOPBACK_HOST);
}
