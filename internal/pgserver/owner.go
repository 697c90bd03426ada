package pgserver

import (
	"errors"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
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
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create data directory: %w", err)
	}
	if owner == nil {
		return nil
	}
	if err := os.Chown(dir, int(owner.Uid), int(owner.Gid)); err != nil {
		return fmt.Errorf("hand data directory %s to the postgres user: %w", dir, err)
	}
	return reachable(filepath.Dir(dir), owner)
}

// reachable checks that the postgres user can walk down to dir: a root-only parent (such
// as /root, or a test's 0700 temp dir) would make initdb fail with a puzzling message.
func reachable(dir string, owner *syscall.Credential) error {
	for ; ; dir = filepath.Dir(dir) {
		info, err := os.Stat(dir)
		if err != nil {
			return err
		}
		st, ok := info.Sys().(*syscall.Stat_t)
		traversable := info.Mode().Perm()&0o001 != 0 || ok && st.Uid == owner.Uid && info.Mode().Perm()&0o100 != 0
		if !traversable {
			return fmt.Errorf("the postgres user cannot enter %s (mode %s); make it traversable (chmod o+x) or choose a data directory elsewhere", dir, info.Mode().Perm())
		}
		if dir == filepath.Dir(dir) {
			return nil
		}
	}
}
