// Package events writes the audit log: every state change records an event in the same
// transaction as the change, wakes every instance's listeners (LISTEN/NOTIFY, delivered at
// commit) and queues a delivery to each webhook that wants it, so a change and its
// notifications are committed together or not at all.
package events

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/oapi-codegen/nullable"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/auth"
)

// The event types.
const (
	ProjectCreated       = "project.created"
	ProjectUpdated       = "project.updated"
	PromptCreated        = "prompt.created"
	PromptUpdated        = "prompt.updated"
	PromptDeleted        = "prompt.deleted"
	VersionCreated       = "version.created"
	DeploymentPromoted   = "deployment.promoted"
	DeploymentRolledBack = "deployment.rolled_back"
	APIKeyCreated        = "apikey.created"
	APIKeyRevoked        = "apikey.revoked"
	WebhookCreated       = "webhook.created"
	WebhookUpdated       = "webhook.updated"
	WebhookDeleted       = "webhook.deleted"
	WebhookSecretRotated = "webhook.secret_rotated"
	// PromptDependencyChanged: a partial that a prompt's live version includes now
	// resolves to another version.
	PromptDependencyChanged = "prompt.dependency_changed"
	// The project's people: a member added (directly, or by accepting an invitation), their
	// role changed, removed; an invitation made, revoked (by an admin, or with its
	// inviter's removal or loss of the role that may invite).
	MemberAdded       = "member.added"
	MemberUpdated     = "member.updated"
	MemberRemoved     = "member.removed"
	InvitationCreated = "invitation.created"
	InvitationRevoked = "invitation.revoked"
	// A release's life (issue 23): its data is the release as the API shows it, with its
	// environment and the sorted slugs of its prompts, which readers holding several
	// prompts read again at once.
	ReleaseCreated    = "release.created"
	ReleaseApproved   = "release.approved"
	ReleaseRejected   = "release.rejected"
	ReleaseCancelled  = "release.cancelled"
	ReleaseStarted    = "release.started"
	ReleaseAdvanced   = "release.advanced"
	ReleaseCompleted  = "release.completed"
	ReleaseRolledBack = "release.rolled_back"
	// ReleaseHeld: the project's state refused a rolling release's completion after its
	// last step (it rolls out still), or a pending release's start once nothing else held
	// it (it stays pending); its waitingFor says why.
	ReleaseHeld = "release.held"
	// A project's environments: one added, its protection changed.
	EnvironmentCreated = "environment.created"
	// A project's provider connections (its data never holds the connection's key).
	ConnectionCreated  = "connection.created"
	ConnectionUpdated  = "connection.updated"
	ConnectionDeleted  = "connection.deleted"
	EnvironmentUpdated = "environment.updated"
	// VersionCheckReported: a check (CI, an evaluation) reported on a version.
	VersionCheckReported = "version.check_reported"
	// DeploymentUndeployed: a prompt removed from an environment.
	DeploymentUndeployed = "deployment.undeployed"
	// Ping is the type of a webhook test delivery; it is not an event of the log.
	Ping = "ping"
	// ConsoleSessionEnded is announced (Announce), not recorded, when a console session
	// ends, so that every instance closes the session's sockets: its ID names the session,
	// its project is the nil UUID, and there is no event to read.
	ConsoleSessionEnded = "console.session_ended"
	// ProjectDeleted is announced (Announce), not recorded, when a project is deleted with
	// its event log, so that every instance forgets its keys and closes its sockets: its
	// ID and its project are the project's id, and there is no event to read.
	ProjectDeleted = "project.deleted"
	// PersonalTokenRevoked is announced (Announce), not recorded, when a person revokes a
	// personal token, so that every instance closes the token's sockets: its ID is the
	// token's, its project the nil UUID, and there is no event to read.
	PersonalTokenRevoked = "personal_token.revoked"
)

// Channel is the LISTEN/NOTIFY channel on which committed events are announced, by id.
const Channel = "promptops_events"

// Enqueuer queues deliveries in a transaction, so they exist only if it commits.
type Enqueuer interface {
	EnqueueTx(ctx context.Context, tx pgx.Tx, deliveryIDs ...uuid.UUID) error
}

// NoDeliveries is the Enqueuer of a recorder whose events no webhook can be subscribed to,
// such as those of a project being created (it has no webhooks yet): it needs no jobs
// client, and were a delivery made after all, recording fails rather than dropping it.
var NoDeliveries Enqueuer = noDeliveries{}

type noDeliveries struct{}

func (noDeliveries) EnqueueTx(context.Context, pgx.Tx, ...uuid.UUID) error {
	return errors.New("this recorder queues no webhook deliveries")
}

// Recorder records events.
type Recorder struct {
	q        *dbsqlc.Queries
	enqueuer Enqueuer
}

// NewRecorder returns a Recorder queueing webhook deliveries with enqueuer.
func NewRecorder(enqueuer Enqueuer) *Recorder {
	return &Recorder{q: dbsqlc.New(), enqueuer: enqueuer}
}

// Event is a change to record.
type Event struct {
	ProjectID uuid.UUID
	Type      string
	// Key made the change; nil when none did (sign-up).
	Key *auth.Key
	// Data is the resource as the API shows it.
	Data any
	// Origin is the request that made the change; zero when none did.
	Origin Origin
}

// Origin is where the request that made a change came from. The zero Origin is no request
// (the command line, background work): its event records neither.
type Origin struct {
	// ClientAddress is the request's client address without its port, as
	// gateway.ClientAddr gives it: the whole address, not the /64 the per-address limits
	// group an IPv6 client by.
	ClientAddress string
	// UserAgent is the request's User-Agent header, as sent.
	UserAgent string
}

// Stamp is who made a change and where their request came from, as the rows that record
// changes keep them (events, deployment history): the one reading of a caller and an
// Origin into columns.
type Stamp struct {
	// Actor is the JSON of an api.Actor, nil when no one made the change.
	Actor         json.RawMessage
	ClientAddress *netip.Addr
	UserAgent     *string
}

// StampOf is the stamp of a change that key (nil: no one) made by a request from origin.
func StampOf(key *auth.Key, origin Origin) (Stamp, error) {
	s := Stamp{ClientAddress: clientAddress(origin.ClientAddress), UserAgent: userAgent(origin.UserAgent)}
	if actor := ActorOf(key); actor != nil {
		var err error
		if s.Actor, err = json.Marshal(actor); err != nil {
			return Stamp{}, fmt.Errorf("encode actor: %w", err)
		}
	}
	return s, nil
}

// ActorOf is who key is, as changes record them: a person's user (their email and name as
// they are now), or an API key (its prefix and label); nil for no one.
func ActorOf(key *auth.Key) *api.Actor {
	switch {
	case key == nil:
		return nil
	case key.Person != nil:
		return &api.Actor{Type: api.ActorTypeUser, Id: key.Person.UserID, Email: &key.Person.Email, Name: &key.Person.Name}
	}
	label := nullable.NewNullNullable[string]()
	if key.Label != nil {
		label.Set(*key.Label)
	}
	return &api.Actor{Type: api.ActorTypeKey, Id: key.ID, Prefix: &key.Prefix, Label: label}
}

// MaxUserAgent is the most bytes of a User-Agent an event keeps (the schema holds it to
// this too): a header may be far longer, and every event would store it.
const MaxUserAgent = 512

// clientAddress is addr as stored, or nil when it is no IP address (a listener on a Unix
// socket has none). An IPv4 client of a dual-stack listener is recorded as IPv4, and a
// zone is dropped: inet holds none, and it names an interface of ours, not the client.
func clientAddress(addr string) *netip.Addr {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return nil
	}
	a = a.Unmap().WithZone("")
	return &a
}

// userAgent is ua as stored, or nil when it is empty: invalid UTF-8 and NUL (which text
// cannot hold) become U+FFFD, and it is cut to MaxUserAgent bytes at a character boundary.
func userAgent(ua string) *string {
	if ua == "" {
		return nil
	}
	ua = strings.ReplaceAll(strings.ToValidUTF8(ua, "\uFFFD"), "\x00", "\uFFFD")
	if len(ua) > MaxUserAgent {
		cut := MaxUserAgent
		for !utf8.RuneStart(ua[cut]) {
			cut--
		}
		ua = ua[:cut]
	}
	return &ua
}

// Announcement is what a NOTIFY on Channel carries: enough for caches to act on without
// reading the event (NOTIFY payloads are small, and most events interest no socket).
type Announcement struct {
	ID        uuid.UUID
	ProjectID uuid.UUID
	Type      string
	// CreatedAt is the recorded event's creation time, for the feed's lag (zero for a
	// change announced without an event).
	CreatedAt time.Time
}

// String is the payload form, "id project type", then the creation time in Unix
// nanoseconds when there is one.
func (a Announcement) String() string {
	s := a.ID.String() + " " + a.ProjectID.String() + " " + a.Type
	if !a.CreatedAt.IsZero() {
		s += " " + strconv.FormatInt(a.CreatedAt.UnixNano(), 10)
	}
	return s
}

// ParseAnnouncement reads a payload written by Announcement.String (an older instance's
// has no creation time).
func ParseAnnouncement(payload string) (Announcement, error) {
	parts := strings.Fields(payload)
	if len(parts) != 3 && len(parts) != 4 {
		return Announcement{}, fmt.Errorf("announcement %q: want id, project, type and optionally a creation time", payload)
	}
	id, err := uuid.Parse(parts[0])
	if err != nil {
		return Announcement{}, fmt.Errorf("announcement id: %w", err)
	}
	project, err := uuid.Parse(parts[1])
	if err != nil {
		return Announcement{}, fmt.Errorf("announcement project: %w", err)
	}
	a := Announcement{ID: id, ProjectID: project, Type: parts[2]}
	if len(parts) == 4 {
		nanos, err := strconv.ParseInt(parts[3], 10, 64)
		if err != nil {
			return Announcement{}, fmt.Errorf("announcement creation time: %w", err)
		}
		a.CreatedAt = time.Unix(0, nanos)
	}
	return a, nil
}

// Announce announces a on Channel at the commit of tx, for a change that is announced
// without being recorded (ConsoleSessionEnded, ProjectDeleted, PersonalTokenRevoked).
func Announce(ctx context.Context, tx pgx.Tx, a Announcement) error {
	err := dbsqlc.New().EventNotify(ctx, tx, dbsqlc.EventNotifyParams{Channel: Channel, Payload: a.String()})
	if err != nil {
		return fmt.Errorf("announce %s: %w", a.Type, err)
	}
	return nil
}

// AboutPrompts reports whether an event type concerns prompts, their versions, their
// deployments or the releases that move them (a release's step changes what resolve
// answers with no deployment written): the changes that can alter what resolve answers,
// and what a socket's prompts channel carries.
func AboutPrompts(eventType string) bool {
	return strings.HasPrefix(eventType, "prompt.") || strings.HasPrefix(eventType, "version.") ||
		strings.HasPrefix(eventType, "deployment.") || strings.HasPrefix(eventType, "release.")
}

// Message is the body of a webhook delivery (Standard Webhooks' payload).
type Message struct {
	ID        uuid.UUID `json:"id"`
	Type      string    `json:"type"`
	CreatedAt time.Time `json:"createdAt"`
	// Actor is the event's actor (an api.Actor), left out when no one made the change.
	Actor json.RawMessage `json:"actor,omitempty"`
	Data  json.RawMessage `json:"data"`
}

// Record writes e in tx, announces it at commit and queues its webhook deliveries.
func (r *Recorder) Record(ctx context.Context, tx pgx.Tx, e Event) (*dbsqlc.Event, error) {
	data, err := json.Marshal(e.Data)
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", e.Type, err)
	}
	stamp, err := StampOf(e.Key, e.Origin)
	if err != nil {
		return nil, err
	}
	params := dbsqlc.EventCreateParams{ProjectID: e.ProjectID, Type: e.Type, Data: data,
		Actor: stamp.Actor, ClientAddress: stamp.ClientAddress, UserAgent: stamp.UserAgent}
	if e.Key != nil {
		if params.KeyID = e.Key.APIKeyID(); params.KeyID != nil {
			params.KeyPrefix = &e.Key.Prefix
		}
	}
	row, err := r.q.EventCreate(ctx, tx, params)
	if err != nil {
		return nil, fmt.Errorf("insert %s: %w", e.Type, err)
	}
	if err := Announce(ctx, tx, Announcement{ID: row.ID, ProjectID: e.ProjectID, Type: e.Type, CreatedAt: row.CreatedAt}); err != nil {
		return nil, err
	}
	hooks, err := r.q.WebhookListSubscribed(ctx, tx, dbsqlc.WebhookListSubscribedParams{ProjectID: e.ProjectID, Type: e.Type})
	if err != nil {
		return nil, fmt.Errorf("subscribed webhooks: %w", err)
	}
	msg := Message{ID: row.ID, Type: row.Type, CreatedAt: row.CreatedAt, Actor: row.Actor, Data: row.Data}
	ids := make([]uuid.UUID, 0, len(hooks))
	for _, h := range hooks {
		d, err := r.Deliver(ctx, tx, h.ID, &row.ID, msg)
		if err != nil {
			return nil, err
		}
		ids = append(ids, d.ID)
	}
	if len(ids) > 0 {
		if err := r.enqueuer.EnqueueTx(ctx, tx, ids...); err != nil {
			return nil, fmt.Errorf("queue deliveries: %w", err)
		}
	}
	return row, nil
}

// Deliver creates a delivery of msg to a webhook; the caller queues it (Record does, for
// events; Queue does for pings and redeliveries).
func (r *Recorder) Deliver(ctx context.Context, tx pgx.Tx, webhookID uuid.UUID, eventID *uuid.UUID, msg Message) (*dbsqlc.WebhookDelivery, error) {
	payload, err := json.Marshal(msg)
	if err != nil {
		return nil, fmt.Errorf("encode message: %w", err)
	}
	d, err := r.q.DeliveryCreate(ctx, tx, dbsqlc.DeliveryCreateParams{
		WebhookID: webhookID, EventID: eventID, MessageID: msg.ID, EventType: msg.Type, Payload: payload,
	})
	if err != nil {
		return nil, fmt.Errorf("insert delivery: %w", err)
	}
	return d, nil
}

// Queue queues one delivery made with Deliver.
func (r *Recorder) Queue(ctx context.Context, tx pgx.Tx, deliveryID uuid.UUID) error {
	return r.enqueuer.EnqueueTx(ctx, tx, deliveryID)
}
