export * from './nats-connection';
export * from './jetstream-publisher';
export * from './jetstream-consumer-host';
export * from './jetstream-topology';
export * from './message-codec';
export * from './message-outcome';
export * from './messaging.module';
export * from './messaging-errors';
