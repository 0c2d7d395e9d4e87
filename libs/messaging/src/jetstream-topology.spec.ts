import { type ServerInfo } from '@nats-io/nats-core';
import { checkReplicas, consumerReplicas, streamReplicas } from './jetstream-topology';

function server(cluster: string | undefined): ServerInfo {
  return { server_name: 'n1', ...(cluster === undefined ? {} : { cluster }) } as ServerInfo;
}

describe('replica settings of the topology', () => {
  it.each([
    [undefined, undefined],
    [0, undefined],
    [1, 1],
    [3, 3],
  ])('should read NATS_REPLICAS %p as stream replicas %p', (setting, expected) => {
    expect(streamReplicas(setting)).toBe(expected);
  });

  it.each([
    [undefined, 0],
    [1, 0],
    [3, 3],
    [5, 5],
  ])('should give a consumer of a stream with %p copies its own count %p', (replicas, expected) => {
    expect(consumerReplicas(replicas)).toBe(expected);
  });

  it.each([
    [undefined, server(undefined)],
    [1, server(undefined)],
    [3, server('bridge')],
  ])('should accept %p copies on %p', (replicas, info) => {
    expect(() => checkReplicas(info, replicas)).not.toThrow();
  });

  it.each([
    [3, server(undefined), /NATS_REPLICAS is 3 but NATS server n1 is not in a cluster/],
    [2, undefined, /NATS_REPLICAS is 2 but NATS server \(unknown\) is not in a cluster/],
  ])('should refuse %p copies on %p', (replicas, info, message) => {
    expect(() => checkReplicas(info, replicas)).toThrow(message);
  });
});
