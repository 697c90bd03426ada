package idempotency_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/store/idempotency"
	"github.com/promptops/promptops/internal/testkit/dbtest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Run(m)) }

// clock is a settable time for the store's stored times.
type clock struct{ offset atomic.Int64 }

func (c *clock) now() time.Time          { return time.Now().Add(time.Duration(c.offset.Load())) }
func (c *clock) advance(d time.Duration) { c.offset.Add(int64(d)) }

func TestStore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	type testBundle struct {
		pool  *pgxpool.Pool
		clock *clock
		store *idempotency.Store
		owner idempotency.Owner
	}
	setup := func(t *testing.T, wait time.Duration) *testBundle {
		t.Helper()
		pool := dbtest.Open(t, dbtest.URL(t))
		c := &clock{}
		p, err := dbsqlc.New().ProjectCreate(ctx, pool, dbsqlc.ProjectCreateParams{Name: "p", Slug: "p-" + uuid.NewString()})
		require.NoError(t, err)
		store := idempotency.New(pool, idempotency.Options{Wait: wait, NowFunc: c.now})
		return &testBundle{pool: pool, clock: c, store: store, owner: idempotency.Owner{ProjectID: p.ID, APIKeyID: newKey(t, pool, p.ID)}}
	}
	fingerprint := func(body string) [sha256.Size]byte {
		return idempotency.Fingerprint(http.MethodPost, "/api/v1/prompts", []byte(body))
	}
	answer := idempotency.Response{Status: http.StatusCreated, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"data":{}}`)}

	t.Run("CompleteThenReplay", func(t *testing.T) {
		t.Parallel()
		b := setup(t, time.Second)
		res, replay, err := b.store.Begin(ctx, b.owner, "k", fingerprint("a"))
		require.NoError(t, err)
		require.Nil(t, replay)
		complete(t, res, answer)

		res, replay, err = b.store.Begin(ctx, b.owner, "k", fingerprint("a"))
		require.NoError(t, err)
		require.Nil(t, res)
		require.Equal(t, &answer, replay)
	})

	t.Run("Mismatch", func(t *testing.T) {
		t.Parallel()
		b := setup(t, time.Minute)
		res, _, err := b.store.Begin(ctx, b.owner, "k", fingerprint("a"))
		require.NoError(t, err)
		start := time.Now()
		_, _, err = b.store.Begin(ctx, b.owner, "k", fingerprint("b"))
		require.ErrorIs(t, err, idempotency.ErrMismatch)
		require.Less(t, time.Since(start), 5*time.Second, "a mismatch does not wait for the first request")
		complete(t, res, answer)
		_, _, err = b.store.Begin(ctx, b.owner, "k", fingerprint("b"))
		require.ErrorIs(t, err, idempotency.ErrMismatch)
	})

	t.Run("WaitsForTheFirstRequest", func(t *testing.T) {
		t.Parallel()
		b := setup(t, 10*time.Second)
		res, _, err := b.store.Begin(ctx, b.owner, "k", fingerprint("a"))
		require.NoError(t, err)
		time.AfterFunc(200*time.Millisecond, func() { _, _ = res.Complete(ctx, answer) })
		start := time.Now()
		_, replay, err := b.store.Begin(ctx, b.owner, "k", fingerprint("a"))
		require.NoError(t, err)
		require.Equal(t, &answer, replay)
		require.Less(t, time.Since(start), 5*time.Second)
	})

	t.Run("InProgressAfterWaiting", func(t *testing.T) {
		t.Parallel()
		b := setup(t, 100*time.Millisecond)
		_, _, err := b.store.Begin(ctx, b.owner, "k", fingerprint("a"))
		require.NoError(t, err)
		_, _, err = b.store.Begin(ctx, b.owner, "k", fingerprint("a"))
		require.ErrorIs(t, err, idempotency.ErrInProgress)
	})

	t.Run("ReleaseFreesTheKey", func(t *testing.T) {
		t.Parallel()
		b := setup(t, time.Second)
		res, _, err := b.store.Begin(ctx, b.owner, "k", fingerprint("a"))
		require.NoError(t, err)
		require.NoError(t, res.Release(ctx))
		res, _, err = b.store.Begin(ctx, b.owner, "k", fingerprint("b"))
		require.NoError(t, err)
		require.NotNil(t, res)
	})

	t.Run("ConcurrentBeginsReserveOnce", func(t *testing.T) {
		t.Parallel()
		b := setup(t, 10*time.Second)
		var reserved, replayed atomic.Int32
		var wg sync.WaitGroup
		for range 10 {
			wg.Go(func() {
				res, replay, err := b.store.Begin(ctx, b.owner, "k", fingerprint("a"))
				assert.NoError(t, err)
				if res != nil {
					reserved.Add(1)
					time.Sleep(50 * time.Millisecond) // the work
					_, err := res.Complete(ctx, answer)
					assert.NoError(t, err)
				}
				if replay != nil {
					replayed.Add(1)
				}
			})
		}
		wg.Wait()
		require.Equal(t, int32(1), reserved.Load())
		require.Equal(t, int32(9), replayed.Load())
	})

	// KeysArePerAPIKey: another API key of the project with the same Idempotency-Key
	// neither conflicts with the first (another request) nor replays its answer (the same
	// request).
	t.Run("KeysArePerAPIKey", func(t *testing.T) {
		t.Parallel()
		b := setup(t, time.Second)
		first, _, err := b.store.Begin(ctx, b.owner, "k", fingerprint("a"))
		require.NoError(t, err)
		complete(t, first, answer)
		for _, body := range []string{"b", "a"} {
			other := idempotency.Owner{ProjectID: b.owner.ProjectID, APIKeyID: newKey(t, b.pool, b.owner.ProjectID)}
			res, replay, err := b.store.Begin(ctx, other, "k", fingerprint(body))
			require.NoError(t, err)
			require.Nil(t, replay)
			require.NotNil(t, res)
		}
	})

	t.Run("ExpiredKeyIsClaimedAgain", func(t *testing.T) {
		t.Parallel()
		b := setup(t, time.Second)
		res, _, err := b.store.Begin(ctx, b.owner, "k", fingerprint("a"))
		require.NoError(t, err)
		complete(t, res, answer)
		b.clock.advance(idempotency.Retention + time.Second)
		res, replay, err := b.store.Begin(ctx, b.owner, "k", fingerprint("b"))
		require.NoError(t, err)
		require.Nil(t, replay)
		require.NotNil(t, res)
	})

	t.Run("AbandonedClaimIsTakenOver", func(t *testing.T) {
		t.Parallel()
		b := setup(t, 100*time.Millisecond)
		abandoned, _, err := b.store.Begin(ctx, b.owner, "k", fingerprint("a"))
		require.NoError(t, err)
		b.clock.advance(6 * time.Minute) // its instance died mid-request
		res, _, err := b.store.Begin(ctx, b.owner, "k", fingerprint("a"))
		require.NoError(t, err)
		require.NotNil(t, res)

		// The first claim, should it wake, can neither answer nor free the key.
		_, err = abandoned.Complete(ctx, answer)
		require.Error(t, err)
		require.NoError(t, abandoned.Release(ctx))
		_, _, err = b.store.Begin(ctx, b.owner, "k", fingerprint("a"))
		require.ErrorIs(t, err, idempotency.ErrInProgress)
	})

	t.Run("KeepsNeitherKeyNorReadableAnswer", func(t *testing.T) {
		t.Parallel()
		b := setup(t, time.Second)
		secret := idempotency.Response{Status: http.StatusCreated, Header: http.Header{}, Body: []byte(`{"data":{"fullKey":"po_live_secret"}}`)}
		res, _, err := b.store.Begin(ctx, b.owner, "my-idempotency-key", fingerprint("a"))
		require.NoError(t, err)
		complete(t, res, secret)
		var row string
		var body []byte
		require.NoError(t, b.pool.QueryRow(ctx, `SELECT row_to_json(k)::text, response_body FROM idempotency_keys k`).Scan(&row, &body))
		require.NotContains(t, row, "my-idempotency-key")
		require.NotContains(t, row, hex.EncodeToString([]byte("my-idempotency-key")))
		require.NotContains(t, string(body), "po_live_secret")

		_, replay, err := b.store.Begin(ctx, b.owner, "my-idempotency-key", fingerprint("a"))
		require.NoError(t, err)
		require.Equal(t, &secret, replay)
	})

	// PastTheQuotaTheAnswerIsNotKept: once a project's kept answers are at their quota, a
	// request is still done once, its key claimed, but its answer is not kept; a retry is
	// told so (and how it was answered) instead of replaying or doing it again. The bytes
	// are forgotten once the answers they counted have expired.
	t.Run("PastTheQuotaTheAnswerIsNotKept", func(t *testing.T) {
		t.Parallel()
		b := setup(t, time.Second)
		store := idempotency.New(b.pool, idempotency.Options{Wait: time.Second, NowFunc: b.clock.now, QuotaBytes: 700})
		used := func() (n int64) {
			require.NoError(t, b.pool.QueryRow(ctx, `SELECT coalesce(sum(bytes), 0) FROM storage_usage`).Scan(&n))
			return n
		}
		first, _, err := store.Begin(ctx, b.owner, "first", fingerprint("a"))
		require.NoError(t, err)
		complete(t, first, answer)
		counted := used()
		require.Greater(t, counted, int64(256+len(answer.Body)))

		second, _, err := store.Begin(ctx, b.owner, "second", fingerprint("a"))
		require.NoError(t, err)
		big := idempotency.Response{Status: http.StatusAccepted, Header: http.Header{}, Body: make([]byte, 500)}
		kept, err := second.Complete(ctx, big)
		require.NoError(t, err)
		require.False(t, kept)
		require.Equal(t, counted, used())

		_, _, err = store.Begin(ctx, b.owner, "second", fingerprint("a"))
		var notKept *idempotency.NotKeptError
		require.ErrorAs(t, err, &notKept)
		require.Equal(t, http.StatusAccepted, notKept.Status)
		require.Equal(t, int64(700), notKept.QuotaBytes)
		_, _, err = store.Begin(ctx, b.owner, "second", fingerprint("b"))
		require.ErrorIs(t, err, idempotency.ErrMismatch)
		_, replay, err := store.Begin(ctx, b.owner, "first", fingerprint("a"))
		require.NoError(t, err)
		require.Equal(t, &answer, replay)

		b.clock.advance(idempotency.Retention + 2*time.Hour)
		_, err = store.Purge(ctx)
		require.NoError(t, err)
		require.Zero(t, used())
	})

	t.Run("PurgeDeletesOnlyExpired", func(t *testing.T) {
		t.Parallel()
		b := setup(t, time.Second)
		old, _, err := b.store.Begin(ctx, b.owner, "old", fingerprint("a"))
		require.NoError(t, err)
		complete(t, old, answer)
		b.clock.advance(idempotency.Retention - time.Hour)
		_, _, err = b.store.Begin(ctx, b.owner, "new", fingerprint("a"))
		require.NoError(t, err)
		b.clock.advance(time.Hour)

		n, err := b.store.Purge(ctx)
		require.NoError(t, err)
		require.Equal(t, int64(1), n)
		rows, err := dbsqlc.New().InspectRowCounts(ctx, b.pool, nil)
		require.NoError(t, err)
		require.Equal(t, int64(1), rows.IdempotencyKeys)
	})
}

// newKey adds an API key to project and returns its id.
func newKey(t *testing.T, pool *pgxpool.Pool, project uuid.UUID) uuid.UUID {
	t.Helper()
	hash := sha256.Sum256([]byte(uuid.NewString()))
	k, err := dbsqlc.New().ApiKeyCreate(context.Background(), pool, dbsqlc.ApiKeyCreateParams{
		ProjectID: project, KeyHash: hash[:], KeyPrefix: "po_live_test", Environment: "dev", Scopes: []string{"admin"}})
	require.NoError(t, err)
	return k.ID
}

// complete stores answer under res, and requires it kept.
func complete(t *testing.T, res *idempotency.Reservation, answer idempotency.Response) {
	t.Helper()
	kept, err := res.Complete(context.Background(), answer)
	require.NoError(t, err)
	require.True(t, kept)
}
