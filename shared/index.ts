export * from './domain';
export * from './protocol';
export * from './contract';
export * from './channels';
export * from './errors';
export * from './actions';
