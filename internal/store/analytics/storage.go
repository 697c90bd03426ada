package analytics

const (
	// MaxMetadataBytes bounds an event's metadata, in bytes of JSON as sent: without a
	// bound a read key could store up to the body limit in every event, for the whole
	// retention.
	MaxMetadataBytes = 4096
	// StorageKind is the kind of the storage_usage rows that count a project's analytics.
	StorageKind = "analytics"
	// eventRowBytes is what an event's row is counted as beside its text (metadata, error,
	// trace and span ids, counted as sent): measured, partitions held 154 bytes per event
	// without them (20,000 events, PostgreSQL 15).
	eventRowBytes = 160
	// rollupRowBytes is what each rollup row a batch adds is counted as: measured,
	// analytics_hourly held 505 bytes per row (347 of them the row, its histogram
	// included; the rest its page and its two indexes) once vacuumed.
	rollupRowBytes = 500
)

// EventBytes is what an event is counted as in its project's analytics storage: its row,
// and the text it carries as sent.
func EventBytes(metadata []byte, texts ...*string) int64 {
	n := int64(eventRowBytes + len(metadata))
	for _, s := range texts {
		if s != nil {
			n += int64(len(*s))
		}
	}
	return n
}

// RollupBytes is what rows new rollup rows are counted as.
func RollupBytes(rows int64) int64 { return rows * rollupRowBytes }
