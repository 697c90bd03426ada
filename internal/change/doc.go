// Package change groups how a committed write reaches others: the audit log written in
// the write's own transaction, with its announcement and webhook deliveries (events); the
// listener that keeps hearing PostgreSQL notifications (notify); each instance's reaction
// to a change, dropping what is stale in its caches (feed); the WebSocket hub (realtime);
// and the durable, signed webhook deliveries (webhooks).
//
// Its packages may import the store floor (a delivery is a durable job), the generated
// code, each other and the shared packages at the top of internal/. They must not import
// the http, client or server floors: a change is told the same way whoever made it.
package change
