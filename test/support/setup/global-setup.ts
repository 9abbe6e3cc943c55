import { startSummary } from './summary';

export default startSummary;
