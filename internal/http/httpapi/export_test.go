package httpapi

// PendingBatch is how many pending releases one reconsideration looks at.
const PendingBatch = pendingBatch
