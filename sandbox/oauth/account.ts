/** The sandbox's one account and its user: every grant, token and record belongs to them. */
export const ACCOUNT = { id: 'acc_demo', name: 'Demo Law LLP' };
export const USER = { id: 'usr_demo', name: 'Alex Demo', email: 'alex@demo-law.example' };
