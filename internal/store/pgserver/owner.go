package pgserver

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// processOwner is the identity the database processes run as: nil (ours) unless we are
// root, in which case the `postgres` user, since PostgreSQL refuses to run as root.
func processOwner() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, errors.New("running as root, but PostgreSQL refuses root and there is no `postgres` user to run it as; " +
			"install Debian's postgresql package (it creates the user), run as another user, or set DATABASE_URL")
	}
	uid, err := strconv.ParseUint(u.Uid, 10, 32)
	if err != nil {
		return nil, fmt.Errorf("postgres user id %q: %w", u.Uid, err)
	}
	gid, err := strconv.ParseUint(u.Gid, 10, 32)
	if err != nil {
		return nil, fmt.Errorf("postgres group id %q: %w", u.Gid, err)
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), NoSetGroups: true}, nil
}

// prepareDir creates dir, private to the database's owner.
func prepareDir(dir string, owner *syscall.Credential) error {
	// Parents as `mkdir -p` makes them: 0700 ones would keep the postgres user out.
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return fmt.Errorf("create data directory: %w", err)
	}
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("create data directory: %w", err)
	}
	if owner == nil {
		return nil
	}
	if err := os.Chown(dir, int(owner.Uid), int(owner.Gid)); err != nil {
		return fmt.Errorf("hand data directory %s to the postgres user: %w", dir, err)
	}
	return reachable(dir, owner)
}

// reachable checks that the postgres user can walk down to dir: a root-only folder above it
// (such as /root, or one `mktemp -d` made) would make initdb fail with a puzzling message.
//
// It names both fixes rather than applying one. Opening a folder its owner made private is
// the owner's call, not a side effect of starting a server; and data put anywhere but the
// directory asked for (--data-dir, ./.promptops by default) would surprise more than an
// error does: the next run from a reachable folder would find it missing.
func reachable(dir string, owner *syscall.Credential) error {
	var blocked, modes []string
	for d := filepath.Dir(dir); ; d = filepath.Dir(d) {
		info, err := os.Stat(d)
		if err != nil {
			return err
		}
		if !traversable(info, owner) {
			blocked = append([]string{d}, blocked...)
			modes = append([]string{fmt.Sprintf("%s (mode %#o)", d, info.Mode().Perm())}, modes...)
		}
		if d == filepath.Dir(d) {
			break
		}
	}
	if len(blocked) == 0 {
		return nil
	}
	return fmt.Errorf("the postgres user, which the database runs as since PostgreSQL refuses root, cannot enter %s on the way to %s; "+
		"either let it through with `chmod o+x %s`, or keep the data somewhere it can reach, with --data-dir or PROMPTOPS_DATA_DIR "+
		"(such as --data-dir /var/lib/promptops)",
		strings.Join(modes, " or "), dir, strings.Join(blocked, " "))
}

// traversable reports whether owner may enter the directory info describes.
func traversable(info fs.FileInfo, owner *syscall.Credential) bool {
	perm := info.Mode().Perm()
	st, ok := info.Sys().(*syscall.Stat_t)
	switch {
	case ok && st.Uid == owner.Uid:
		return perm&0o100 != 0
	case ok && st.Gid == owner.Gid:
		return perm&0o010 != 0
	default:
		return perm&0o001 != 0
	}
}
