/** `npm run sandbox`: the sandbox alone (see launch.ts for its environment variables). */
import { exitOnError, launchSandbox } from './launch';

launchSandbox().catch(exitOnError);
