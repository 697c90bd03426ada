package events

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// TestAnnouncement: an announcement reads back as written, its creation time (for the
// feed's lag) to the nanosecond; an older instance's, without one, still reads; anything
// else is refused.
func TestAnnouncement(t *testing.T) {
	t.Parallel()
	a := Announcement{ID: uuid.New(), ProjectID: uuid.New(), Type: "version.created", CreatedAt: time.Unix(1_700_000_000, 123_456_789)}
	got, err := ParseAnnouncement(a.String())
	require.NoError(t, err)
	require.True(t, a.CreatedAt.Equal(got.CreatedAt))
	require.Equal(t, a.ID, got.ID)

	old := Announcement{ID: a.ID, ProjectID: a.ProjectID, Type: ProjectDeleted}
	require.Len(t, strings.Fields(old.String()), 3, "no creation time, no fourth field")
	got, err = ParseAnnouncement(old.String())
	require.NoError(t, err)
	require.Equal(t, old, got)

	for _, bad := range []string{"", a.ID.String(), a.String() + " extra", a.ID.String() + " " + a.ProjectID.String() + " t soon"} {
		_, err := ParseAnnouncement(bad)
		require.Error(t, err, bad)
	}
}
