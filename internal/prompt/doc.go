// Package prompt groups what a prompt version is, with no database and no I/O: the
// template language (template), rendering a version for a provider (rendering, providers),
// the JSON Schemas of variables and outputs (schemas), the content hash (contenthash), the
// prompt file format (promptfile) and the diff of two versions (versiondiff).
//
// This floor is pure: its packages may import the generated API types (gen/api), each
// other and the shared packages at the top of internal/. They must not import the database
// (gen/dbsqlc, pgx) nor any package of the store, change, http, client or server floors,
// so that a server, the edge and the command line compute exactly the same thing.
package prompt
