import { busSnapshot, monitorUrlFor, readConnections, readStreams } from './bus-snapshot';

/** Trimmed from nats-server 2.9.10's own answers. */
const JSZ = {
  server_id: 'NDEXAMPLE',
  streams: 2,
  account_details: [
    {
      name: '$G',
      stream_detail: [
        {
          name: 'NBZB_ZABBIX_JOBS_V1',
          state: { messages: 12, bytes: 4096, first_seq: 3, last_seq: 14, consumer_count: 1 },
          consumer_detail: [
            {
              stream_name: 'NBZB_ZABBIX_JOBS_V1',
              name: 'zabbix-writer-jobs-v1',
              num_ack_pending: 4,
              num_redelivered: 1,
              num_waiting: 2,
              num_pending: 8,
            },
          ],
        },
        {
          name: 'NBZB_DEAD_LETTERS_V1',
          state: { messages: 3, bytes: 900, first_seq: 1, last_seq: 3, consumer_count: 1 },
          consumer_detail: [{ name: 'scheduler-dead-letters-v1', num_pending: 0, num_ack_pending: 0 }],
        },
      ],
    },
  ],
};

const CONNZ = {
  total: 2,
  connections: [
    {
      cid: 9,
      ip: '127.0.0.1',
      port: 40112,
      name: 'zabbix-writer-host1-77',
      lang: 'nats.js',
      version: '3.4.0',
      subscriptions: 3,
      in_msgs: 10,
      out_msgs: 20,
      pending_bytes: 0,
      uptime: '1m2s',
      idle: '0s',
    },
    { cid: 4, ip: '10.0.0.2', port: 5000, lang: 'go', version: '1.31.0', uptime: '5s', idle: '1s' },
  ],
};

describe('bus snapshot', () => {
  it.each<[string, string, string | undefined, string]>([
    [
      'the host of the first NATS server',
      'nats://nats:4222,nats://other:4222',
      undefined,
      'http://nats:8222',
    ],
    ['a TLS server', 'tls://bus.example.com:4443', undefined, 'http://bus.example.com:8222'],
    ['an IPv6 server', 'nats://[::1]:4222', undefined, 'http://[::1]:8222'],
    ['the configured URL, without credentials', 'nats://a:4222', 'http://u:p@mon:9000/', 'http://mon:9000'],
    [
      'a configured path',
      'nats://a:4222',
      'https://proxy.example.com/nats/',
      'https://proxy.example.com/nats',
    ],
  ])('should read from %s', (_case, natsUrl, configured, expected) => {
    expect(monitorUrlFor(natsUrl, configured)).toBe(expected);
  });

  it('should list streams by name with their consumers and mark the dead-letter stream', () => {
    expect(readStreams(JSZ, 'NBZB_DEAD_LETTERS_V1')).toEqual([
      {
        name: 'NBZB_DEAD_LETTERS_V1',
        messages: 3,
        bytes: 900,
        firstSequence: 1,
        lastSequence: 3,
        deadLetters: true,
        consumers: [
          { name: 'scheduler-dead-letters-v1', pending: 0, ackPending: 0, redelivered: 0, waiting: 0 },
        ],
      },
      {
        name: 'NBZB_ZABBIX_JOBS_V1',
        messages: 12,
        bytes: 4096,
        firstSequence: 3,
        lastSequence: 14,
        deadLetters: false,
        consumers: [{ name: 'zabbix-writer-jobs-v1', pending: 8, ackPending: 4, redelivered: 1, waiting: 2 }],
      },
    ]);
  });

  it('should list connections by id, an unnamed one as null', () => {
    const { connections, total } = readConnections(CONNZ);

    expect(connections.map((connection) => [connection.cid, connection.name, connection.address])).toEqual([
      [4, null, '10.0.0.2:5000'],
      [9, 'zabbix-writer-host1-77', '127.0.0.1:40112'],
    ]);
    expect(connections[1]).toMatchObject({
      subscriptions: 3,
      inMessages: 10,
      outMessages: 20,
      uptime: '1m2s',
    });
    expect(total).toBe(2);
  });

  it('should read a server without JetStream as no streams and no dead letters', () => {
    const snapshot = busSnapshot({
      monitorUrl: 'http://nats:8222',
      jsz: { server_id: 'NDX', config: {} },
      connz: { connections: [] },
      deadLetterStream: 'NBZB_DEAD_LETTERS_V1',
      readAt: new Date('2026-12-02T08:00:00Z'),
    });

    expect(snapshot).toEqual({
      available: true,
      monitorUrl: 'http://nats:8222',
      serverId: 'NDX',
      readAt: '2026-12-02T08:00:00.000Z',
      streams: [],
      deadLetters: null,
      connections: [],
      totalConnections: 0,
    });
  });

  it('should count the dead letters from their stream', () => {
    const snapshot = busSnapshot({
      monitorUrl: 'http://nats:8222',
      jsz: JSZ,
      connz: CONNZ,
      deadLetterStream: 'NBZB_DEAD_LETTERS_V1',
      readAt: new Date(0),
    });

    expect(snapshot.deadLetters).toEqual({ stream: 'NBZB_DEAD_LETTERS_V1', messages: 3 });
  });
});
