/** Topology shapes the generator can draw. `random-dag` has no template: it is built layer by layer. */
export const TopologyShapes = ['ecommerce', 'payments', 'streaming', 'data-pipeline', 'random-dag'] as const;
export type TopologyShape = (typeof TopologyShapes)[number];

/**
 * Template graphs, one line per service: `name [team]: dep dep …`. Services are listed in the order
 * the generator keeps them when it needs fewer (the first ones are the backbone). Names in
 * `externals` are third-party dependencies with no telemetry of their own.
 */
export interface TopologyTemplate {
  lines: string;
  externals: string[];
  /** A public product name for titles and URLs. */
  product: string;
  domain: string;
}

export const TopologyTemplates: Record<Exclude<TopologyShape, 'random-dag'>, TopologyTemplate> = {
  ecommerce: {
    product: 'the storefront',
    domain: 'shop.example.com',
    externals: ['stripe', 'adyen', 'twilio', 'sendgrid', 's3', 'auth0', 'avalara', 'shippo', 'algolia'],
    lines: `
frontend [storefront]: checkout cart catalog search user-profile auth recommendations
checkout [storefront]: payments cart inventory orders pricing tax shipping fraud-check
payments [payments]: stripe payments-db fraud-check adyen
cart [storefront]: redis-cache pricing catalog
catalog [catalog]: catalog-db redis-cache s3
search [discovery]: search-index catalog algolia
orders [fulfillment]: orders-db order-events
inventory [fulfillment]: inventory-db redis-cache
auth [identity]: auth0 users-db sessions
user-profile [identity]: users-db s3
pricing [catalog]: catalog-db promotions currency
mobile-bff [mobile]: checkout cart catalog search auth
recommendations [discovery]: catalog redis-cache
shipping [fulfillment]: shippo orders
tax [payments]: avalara
fraud-check [payments]: redis-cache
payments-db [payments]:
catalog-db [catalog]:
orders-db [fulfillment]:
inventory-db [fulfillment]:
users-db [identity]:
redis-cache [platform]:
search-index [discovery]:
order-events [platform]:
sessions [identity]: redis-cache
promotions [catalog]: catalog-db
currency [payments]:
notifications [growth]: twilio sendgrid users-db
fulfillment-worker [fulfillment]: order-events orders-db shipping notifications
email-worker [growth]: order-events sendgrid
reviews [catalog]: catalog-db
wishlist [storefront]: users-db catalog
image-resizer [catalog]: s3
indexer [discovery]: order-events search-index catalog-db
ads [growth]: catalog
api-gateway [platform]: frontend mobile-bff
`,
  },
  payments: {
    product: 'the payments platform',
    domain: 'pay.example.com',
    externals: ['stripe', 'plaid', 'visa-network', 'twilio', 'onfido', 's3', 'auth0', 'currencycloud'],
    lines: `
api-gateway [platform]: payments accounts transfers auth merchant-api
payments [payments]: ledger risk-scoring card-processor fx-rates payments-db
card-processor [payments]: visa-network stripe
ledger [ledger]: ledger-db ledger-events
accounts [accounts]: accounts-db kyc auth
transfers [payments]: ledger accounts risk-scoring plaid
risk-scoring [risk]: fraud-detection redis
fraud-detection [risk]: redis feature-store
auth [identity]: auth0 accounts-db
merchant-api [merchants]: payments payouts webhooks-dispatcher statements
kyc [accounts]: onfido s3 accounts-db
payouts [payments]: ledger plaid payouts-db
fx-rates [payments]: currencycloud redis
webhooks-dispatcher [merchants]: ledger-events
statements [ledger]: ledger-db s3
ledger-db [ledger]:
accounts-db [accounts]:
payments-db [payments]:
payouts-db [payments]:
redis [platform]:
ledger-events [platform]:
feature-store [risk]: redis
notifications [accounts]: twilio ledger-events
settlement-worker [ledger]: ledger-events ledger-db
reconciliation-job [ledger]: ledger-db s3
merchant-dashboard [merchants]: merchant-api auth
mobile-api [mobile]: accounts transfers auth payments
card-issuing [cards]: ledger accounts visa-network
disputes [payments]: payments ledger-db
`,
  },
  streaming: {
    product: 'the streaming service',
    domain: 'watch.example.com',
    externals: ['akamai-cdn', 's3', 'widevine', 'stripe', 'auth0', 'segment'],
    lines: `
api-gateway [edge]: playback catalog search user-profile auth billing
web-player [player]: api-gateway akamai-cdn
tv-app-api [player]: playback catalog user-profile auth
playback [playback]: manifest-service drm-license entitlements watch-history playback-events
manifest-service [playback]: akamai-cdn s3 redis-sessions
drm-license [playback]: widevine entitlements
entitlements [billing]: subscriptions redis-sessions
catalog [content]: catalog-db s3 thumbnails
search [discovery]: search-index catalog
user-profile [identity]: profiles-db
auth [identity]: auth0 redis-sessions profiles-db
billing [billing]: subscriptions stripe
subscriptions [billing]: billing-db
recommendations [discovery]: watch-history catalog
watch-history [playback]: history-db
thumbnails [content]: s3
catalog-db [content]:
profiles-db [identity]:
billing-db [billing]:
history-db [playback]:
redis-sessions [platform]:
search-index [discovery]:
playback-events [platform]:
analytics-consumer [data]: playback-events segment
transcoder [content]: s3 ingest-queue
ingest-queue [content]:
ingest-worker [content]: ingest-queue catalog-db transcoder
ads-insertion [ads]: manifest-service
`,
  },
  'data-pipeline': {
    product: 'the analytics pipeline',
    domain: 'data.example.com',
    externals: ['s3', 'snowflake', 'bigquery', 'datadog', 'auth0'],
    lines: `
ingest-api [ingest]: collector auth schema-registry
collector [ingest]: raw-events schema-registry
query-api [query]: warehouse-proxy metadata-db auth cache
dashboard [query]: query-api auth
stream-processor [streaming]: raw-events enricher enriched-events
enricher [streaming]: geo-lookup metadata-db cache
router [streaming]: enriched-events dlq exporter
exporter [streaming]: datadog s3
batch-loader [batch]: enriched-events warehouse-proxy s3
warehouse-proxy [query]: snowflake bigquery
schema-registry [platform]: metadata-db
scheduler [batch]: metadata-db batch-loader compaction-worker
compaction-worker [batch]: s3 metadata-db
raw-events [platform]:
enriched-events [platform]:
dlq [platform]:
metadata-db [platform]:
cache [platform]:
geo-lookup [streaming]: cache
auth [platform]: auth0
dedup [streaming]: raw-events cache
aggregator [streaming]: enriched-events cache metadata-db
alerting-engine [query]: query-api
catalog-service [query]: metadata-db
`,
  },
};

/** Code names for the random layered DAG. */
export const CodeNames = [
  'atlas', 'borealis', 'cinder', 'dynamo', 'ember', 'fjord', 'gale', 'harbor', 'ion', 'jade', 'kestrel', 'lumen',
  'mosaic', 'nimbus', 'onyx', 'pylon', 'quartz', 'relay', 'sable', 'tundra', 'umbra', 'vertex', 'willow', 'xenon',
  'yarrow', 'zephyr', 'aurora', 'basalt', 'comet', 'delta', 'echo', 'falcon', 'granite', 'helix', 'iris', 'juniper',
  'krypton', 'lattice', 'meridian', 'nova', 'orbit', 'prism', 'quill', 'raven', 'sierra', 'talon',
];

export const RandomDagExternals = ['stripe', 'twilio', 's3', 'auth0', 'sendgrid', 'github-api', 'openai-api', 'okta'];
