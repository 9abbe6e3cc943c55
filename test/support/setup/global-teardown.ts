import { printSummary } from './summary';

export default printSummary;
