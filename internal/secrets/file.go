package secrets

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// LoadOrCreateFile reads the key kept in the file at path, first writing a new one there
// (mode 0600) if there is none; created says which. It is how the private database keeps
// its key beside its data, so that restarts reuse it. A file that other users may read is
// refused, as ssh refuses such a private key: the key is only as safe as the file.
func LoadOrCreateFile(path string) (key *Key, created bool, err error) {
	if key, err := loadFile(path); !errors.Is(err, fs.ErrNotExist) {
		return key, false, err
	}
	encoded := GenerateKey()
	err = writeNew(path, encoded+"\n")
	if errors.Is(err, fs.ErrExist) { // another instance, starting at the same time, made it
		key, err := loadFile(path)
		return key, false, err
	}
	if err != nil {
		return nil, false, fmt.Errorf("write secret key file: %w", err)
	}
	key, err = ParseKey(encoded)
	return key, true, err
}

func loadFile(path string) (*Key, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("secret key file: %w", err)
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 {
		return nil, fmt.Errorf("secret key file %s may be read by other users (mode %04o): chmod 600 %s", path, perm, path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("secret key file: %w", err)
	}
	key, err := ParseKey(string(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return key, nil
}

// writeNew writes data to a new file at path (mode 0600), all at once: into a temporary
// file, then a hard link to path, which fails with fs.ErrExist if path exists. A reader never
// sees half a key, and of two writers one wins.
func writeNew(path, data string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".secret-key-*") // 0600
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.WriteString(data)
	if err == nil {
		err = tmp.Sync()
	}
	if closeErr := tmp.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		return err
	}
	return os.Link(tmp.Name(), path)
}
